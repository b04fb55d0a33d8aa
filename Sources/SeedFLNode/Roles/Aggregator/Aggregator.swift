import Foundation
import SeedFLWire
import ZeroMQ

/// The aggregator role: collects one round's contributions and sends one AGGREGATE.
///
/// One thread, one poll loop, four sockets (all with ``SocketDefaults`` and the run's frame
/// bound): SUB on the broadcast (ROUND_OPEN, ROUND_ABORT, commits, heartbeats), PULL bound
/// on its `contributions` endpoint (CONTRIBUTION, DENSE_CONTRIBUTION, partial AGGREGATE),
/// PUSH to its upstream (the broker's `aggregates` for the root, the parent's
/// `contributions` for an edge), and a DEALER to the broker's control ROUTER for
/// HEARTBEATs. Per round: at most one contribution per (round, trainer), from the round's
/// participants this aggregator answers for, with matching run, K, P, base sequence and
/// mode (everything else is a counted drop, see ``DropReason``); closes at its
/// quorum, gives up at the deadline, on ROUND_ABORT or on a newer ROUND_OPEN; the root
/// sends a `final` AGGREGATE, an edge a `partial` one (see `RoundCombiner` for the bits).
///
/// Create and run it on the same thread: its sockets are made inside ``run(context:stop:)``
/// and never leave it.
public final class Aggregator {
    /// The run, the tree position and the endpoints, fixed for the process's life.
    public let configuration: AggregatorConfiguration

    /// Prepares an aggregator; no socket exists until ``run(context:stop:)``.
    public init(configuration: AggregatorConfiguration) {
        self.configuration = configuration
    }

    /// Where this aggregator's status file is written.
    public var statusPath: String {
        RoleStatus.path(runDirectory: configuration.deployment.runDirectory, role: "aggregator-\(configuration.me.name)")
    }

    /// Runs until `stop()` returns true (checked at least every 100 ms) or the context is
    /// terminated, then writes the status file, closes its sockets and returns the final
    /// status.
    ///
    /// - Parameter context: the ZeroMQ context to use; `nil` creates one and terminates it
    ///   on return (tests pass a shared one to use `inproc` or to stop several roles).
    /// - Throws: ``RoleError`` when a socket cannot be created, bound or connected
    ///   (e.g. the contributions endpoint is in use), or a socket breaks. Never for a peer's
    ///   message: those are counted drops.
    public func run(context: Context? = nil, stop: () -> Bool) throws(RoleError) -> RoleStatus {
        let ownContext: Context?
        let ctx: Context
        if let context {
            ctx = context
            ownContext = nil
        } else {
            do { ctx = try Context() } catch {
                throw RoleError(.socket, "create context", "\(error)")
            }
            ownContext = ctx
        }
        defer { ownContext?.terminate() }
        let loop = try AggregatorLoop(configuration: configuration, context: ctx, statusPath: statusPath)
        defer { loop.close() }
        return try loop.run(stop: stop)
    }
}
