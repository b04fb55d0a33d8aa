import SeedFLWire
import ZeroMQ

/// What a role supplies to the ``RoleRuntime``: its timers. Its sockets' handlers are
/// registered with ``RoleRuntime/receive(from:_:)``.
///
/// Every method runs on the runtime's thread, the one that owns the role's sockets.
protocol RoleTimers: AnyObject {
    /// Once per heartbeat period: send the role's heartbeat, refresh its status file.
    func heartbeat(now: ContinuousClock.Instant)
    /// After every wake-up (a message, a timer, a signal): deadlines, deliveries,
    /// housekeeping. Cheap when there is nothing to do.
    func tick(now: ContinuousClock.Instant)
    /// The next instant the role must be woken at even if no message arrives (a round's
    /// deadline, a silent peer's expiry); nil when the heartbeat is soon enough.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant?
    /// True once the role has nothing more to do (the forwarder's proxy ended).
    var isFinished: Bool { get }
}

extension RoleTimers {
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? { nil }
    var isFinished: Bool { false }
}

/// The loop every role (broker, aggregator, trainer, evaluator, forwarder) runs: one
/// `zmq_poll`, bounded drains, one heartbeat schedule, one monotonic clock, one way to stop.
///
/// Why threads and not swift-service-lifecycle: a role is a single owner of its ZeroMQ
/// sockets (libzmq sockets are not thread-safe), its ledger connection and its replay state,
/// so its work is one sequential loop around `zmq_poll`, which already multiplexes every
/// socket and timer and is woken by signals. `ServiceGroup` would add an async runtime whose
/// only job here would be to call this loop from a blocking task and forward SIGTERM, which
/// ``StopSignal`` and the `stop` closure already do. What this type takes from it is the
/// contract: a role supplies handlers and timers, the runtime owns the loop, the schedule and
/// graceful shutdown (the role's own `finish` runs after ``run(_:stop:)`` returns, so a stop
/// always writes the final status). The one long computation, a trainer's forward passes,
/// runs on the trainer's `ContributionWorker` thread, never here.
final class RoleRuntime {
    /// Messages handled per socket per wake-up: a flood on one socket cannot starve the other
    /// sockets, a deadline or the heartbeat.
    static let drainBatch = 256
    /// The longest poll: a stop requested by a closure (tests, `seedfl up`'s in-process
    /// roles) rather than a signal is noticed within this.
    static let maximumWait = Duration.milliseconds(100)

    /// What receiving one message from a socket came to.
    enum Received {
        /// A message (or a refused frame) was handled; there may be more.
        case handled
        /// Nothing is queued (or the call was interrupted): drain the next socket.
        case empty
        /// The context was terminated: the loop ends.
        case terminated
    }

    /// The clock of every timer of the role.
    let clock = ContinuousClock()
    /// Heartbeat period.
    let heartbeat: Duration
    private let poller = Poller()
    private var receivers: [() throws -> Received] = []
    private var nextHeartbeat: ContinuousClock.Instant
    /// For servers of many peers: freed memory goes back to the system (see ``FreedMemory``).
    private var freedMemory: FreedMemory?

    /// A loop with a heartbeat every `heartbeat`; `releasesFreedMemory` for the roles that
    /// serve many peers (broker, aggregators, forwarder), whose memory must return to its
    /// baseline once peers leave. Trainers and the evaluator keep their allocator's cache:
    /// they free and reuse the same buffers every round.
    init(heartbeat: Duration, releasesFreedMemory: Bool = false) {
        self.heartbeat = heartbeat
        nextHeartbeat = clock.now
        freedMemory = releasesFreedMemory ? FreedMemory() : nil
    }

    /// Polls `socket` and calls `receiveOne` while it has messages, at most ``drainBatch``
    /// per wake-up. `receiveOne` receives without waiting and handles what it got.
    func receive(from socket: any Socket, _ receiveOne: @escaping () throws -> Received) {
        _ = poller.register(socket)
        receivers.append(receiveOne)
    }

    /// Runs until `stop()` is true, the role is finished, or the context is terminated.
    /// `stop` is checked after every wake-up, and a signal interrupts the poll at once.
    ///
    /// - Throws: ``RoleError`` (`.socket`) when polling or receiving fails (a bug or a closed
    ///   socket, never a peer's doing: a peer's bad frame is a counted drop).
    func run(_ role: some RoleTimers, stop: () -> Bool) throws(RoleError) {
        while !stop() && !role.isFinished {
            var now = clock.now
            if now >= nextHeartbeat {
                role.heartbeat(now: now)
                freedMemory?.releaseIfDue(now: now)
                // From now, not from the missed slot: a stalled loop sends one heartbeat
                // when it wakes, not a burst.
                nextHeartbeat = now + heartbeat
            }
            role.tick(now: now)
            now = clock.now
            var wake = min(nextHeartbeat, now + Self.maximumWait)
            if let soon = role.nextWake(now: now) { wake = min(wake, soon) }
            let outcome: PollOutcome
            do { outcome = try poller.poll(timeout: max(.zero, wake - now)) } catch {
                throw RoleError(.socket, "poll", "\(error)")
            }
            switch outcome {
            case .timedOut, .interrupted: continue
            case .terminated: return
            case .ready(let events):
                for (index, receiveOne) in receivers.enumerated() where events[index].contains(.readable) {
                    if try drain(receiveOne) == .terminated { return }
                }
            }
        }
    }

    private func drain(_ receiveOne: () throws -> Received) throws(RoleError) -> Received {
        for _ in 0..<Self.drainBatch {
            let received: Received
            do { received = try receiveOne() } catch {
                throw RoleError(.socket, "receive", "\(error)")
            }
            if received != .handled { return received }
        }
        return .handled
    }
}

extension RoleRuntime {
    /// The usual `receiveOne` for a socket whose frames are decoded within `limits` and
    /// handed to `handle`: oversized and undecodable frames are counted drops.
    static func decoding(_ socket: some ReceivingSocket, limits: DecodeLimits, drops: DropCounter,
                         _ handle: @escaping ([[UInt8]], Message) -> Void) -> () throws -> Received {
        { [unowned socket] in
            switch try socket.receive(dontWait: true) {
            case .message(let frames):
                if let message = Inbound.decode(frames, limits: limits, drops: drops) {
                    handle(frames, message)
                }
                return .handled
            case .rejected(let violation):
                drops.drop(.oversized, detail: "\(violation)")
                return .handled
            case .wouldBlock, .interrupted: return .empty
            case .terminated: return .terminated
            }
        }
    }
}
