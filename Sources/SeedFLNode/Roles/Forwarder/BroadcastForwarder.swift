import Foundation
import SeedFLWire
import ZeroMQ

/// The forwarder role: fans the broker's broadcast out through an XSUB/XPUB proxy
/// (`zmq_proxy_steerable`), so trainers and aggregators subscribe to it instead of the
/// broker. Subscriptions travel upstream, messages downstream; nothing is decoded, so the
/// forwarder needs no knowledge of the protocol beyond the frame bound.
///
/// Named `BroadcastForwarder` because the ZeroMQ module's ``ZeroMQ/Forwarder`` is the
/// proxy it runs. `Sendable`: it holds only configuration; the proxy and its sockets are
/// created inside ``run(context:pollInterval:stop:)``.
public final class BroadcastForwarder: Sendable {
    /// The broker's PUB endpoint the XSUB connects to (`broker.publish.connect`, as the
    /// deployment contract says).
    public let frontend: String
    /// The endpoint the XPUB binds for subscribers.
    public let backend: String
    /// `ZMQ_MAXMSGSIZE` of both proxy sockets: the run's largest valid frame.
    public let maxFrameBytes: Int
    /// Where `status/forwarder.json` is written.
    public let statusPath: String
    private let log = RoleLog(role: "forwarder")
    /// The deployment, for its `security:` section.
    private let deployment: Deployment

    /// Reads the forwarder section of `deployment` (with `@RUN` resolved).
    /// - Throws: ``RoleError`` when the deployment has no forwarder.
    public init(deployment: Deployment, maxFrameBytes: Int) throws(RoleError) {
        guard let f = deployment.forwarder else {
            throw RoleError(.configuration, "read topology", "the deployment has no forwarder section")
        }
        frontend = deployment.broker.publish.connect
        backend = f.backend.bind
        self.maxFrameBytes = maxFrameBytes
        statusPath = RoleStatus.path(runDirectory: deployment.runDirectory, role: "forwarder")
        self.deployment = deployment
    }

    /// Forwards until `stop()` returns true (checked every `pollInterval`), writing the
    /// status file at start and at exit, then stops the proxy thread.
    ///
    /// - Parameter context: the ZeroMQ context; `nil` creates one and terminates it on return.
    /// - Throws: ``RoleError`` when the proxy cannot start (e.g. the backend endpoint
    ///   is in use) or its thread fails.
    public func run(context: Context? = nil, pollInterval: Duration = .milliseconds(100),
                    stop: () -> Bool) throws(RoleError) -> RoleStatus {
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
        let options = SocketDefaults.options(maxFrameBytes: maxFrameBytes)
        let security: RoleSecurity
        do { security = try RoleSecurity(deployment: deployment, identity: .forwarder, log: log) } catch {
            throw RoleError(.configuration, "load the forwarder's CURVE keys", "\(error)")
        }
        // Stopped before the context ends (deferred after its termination, so it runs first).
        defer { security.stop() }
        // The XPUB only ever receives subscriptions: bound them (see subscriptionFrameBytes).
        var subscriberSide = security.serverOptions(options, domain: .broadcast)
        subscriberSide.maxMessageSize = Int64(SocketDefaults.subscriptionFrameBytes)
        let configuration: ForwarderConfiguration
        let proxy: Forwarder
        do {
            // The handler first: the XPUB refuses every subscriber while none runs. Messages
            // pass through libzmq undecoded, so the XPUB relies on ZAP alone (see docs/security.md).
            try security.start(context: ctx)
            configuration = ForwarderConfiguration(
                frontend: [.connect(frontend)], backend: [.bind(backend)],
                frontendOptions: try security.clientOptions(options, server: .broker),
                backendOptions: subscriberSide)
            proxy = try Forwarder(context: ctx, configuration: configuration)
        } catch {
            throw RoleError(.socket, "start forwarder \(frontend) -> \(backend)", "\(error)")
        }
        log.info("forwarding \(frontend) -> \(backend)")
        write(Self.status(running: true))
        // The proxy runs on its own thread inside libzmq; under the runtime this one only
        // watches for a stop request, the proxy's end, or a revocation that restarts it.
        let watch = ProxyWatch(proxy: proxy, security: security, log: log) {
            try Forwarder(context: ctx, configuration: configuration)
        }
        try RoleRuntime(heartbeat: pollInterval, releasesFreedMemory: true).run(watch, stop: stop)
        let exit = watch.proxy?.terminate() ?? .failed(watch.restartFailure ?? ZeroMQError(errno: EADDRINUSE, operation: "bind"))
        let status = Self.status(running: false)
        write(status)
        log.info("stopped (\(exit))")
        switch exit {
        case .stopped, .contextTerminated: return status
        case .failed(let error): throw RoleError(.socket, "forward", "\(error)")
        }
    }

    /// `done` is false while forwarding and true once stopped on request. The forwarder
    /// decodes nothing, so it never refuses a message itself (oversized frames are dropped by
    /// libzmq's `ZMQ_MAXMSGSIZE`), and its bytes move inside libzmq, uncounted.
    static func status(running: Bool) -> RoleStatus {
        var status = RoleStatus(role: "forwarder")
        status.done = !running
        status.drops = [:]
        status.wireBytes = WireBytes()
        status.wireBytesCounted = false
        return status
    }

    private func write(_ status: RoleStatus) {
        StatusPublisher(path: statusPath, log: log).publish(status)
    }
}

/// The forwarder's timer: noticing that the proxy thread ended on its own, and restarting
/// the proxy when a key is revoked.
private final class ProxyWatch: RoleTimers {
    /// The running proxy; nil between a stop for a restart and a successful start.
    private(set) var proxy: Forwarder?
    let security: RoleSecurity
    let log: RoleLog
    /// Starts a proxy like the first one.
    let start: () throws -> Forwarder
    /// Why the proxy could not be started again after ``maximumRestartAttempts`` heartbeats.
    private(set) var restartFailure: ZeroMQError?
    private var restartAttempts = 0
    /// Heartbeats to keep trying to bind the subscriber endpoint again (libzmq releases the
    /// old one in its I/O thread, a moment after the old socket closes).
    static let maximumRestartAttempts = 50

    /// The forwarder's metrics: its sockets' traffic as the proxy counts it inside libzmq.
    private let metrics = RoleMetrics(role: "forwarder")
    /// Traffic of proxies that ended (a restart after a revocation starts counting at 0).
    private var carried = ForwarderStatistics(frontend: SocketCounters(), backend: SocketCounters())
    /// The running proxy's last answer.
    private var latest: ForwarderStatistics?
    private var nextStatistics = ContinuousClock.now

    /// Once a second, asks the proxy what it moved (`STATISTICS`) and mirrors it into the
    /// socket metrics (`frontend`: from the broker, `backend`: to the subscribers).
    private func recordStatistics(now: ContinuousClock.Instant) {
        guard metrics.isRecording, now >= nextStatistics, let proxy else { return }
        nextStatistics = now + .seconds(1)
        if let answer = proxy.statistics(timeout: .milliseconds(500)) { latest = answer }
        let total = carried.adding(latest)
        metrics.mirrorSockets([("frontend", total.frontend), ("backend", total.backend)])
    }

    init(proxy: Forwarder, security: RoleSecurity, log: RoleLog, start: @escaping () throws -> Forwarder) {
        self.proxy = proxy
        self.security = security
        self.log = log
        self.start = start
    }

    /// A revoked key cannot subscribe again (ZAP reads the reloaded list at each handshake),
    /// and its established subscription must go: the proxy's XPUB is closed and opened again,
    /// which ends every subscriber connection, and the subscribers that are still allowed
    /// reconnect (missing the broadcast for a reconnect interval, caught up from history).
    func heartbeat(now: ContinuousClock.Instant) {
        recordStatistics(now: now)
        if security.reloadIfDue(), let running = proxy {
            _ = running.terminate()
            proxy = nil
            carried = carried.adding(latest)
            latest = nil
            restartAttempts = 0
        }
        guard proxy == nil, restartFailure == nil else { return }
        do {
            proxy = try start()
            log.info("forwarding again: a revoked key's subscriptions are gone")
        } catch {
            restartAttempts += 1
            if restartAttempts >= Self.maximumRestartAttempts {
                restartFailure = error as? ZeroMQError ?? ZeroMQError(errno: EADDRINUSE, operation: "bind")
                log.warn("cannot restart the forwarder: \(error)")
            }
        }
    }

    func tick(now: ContinuousClock.Instant) {}
    var isFinished: Bool { restartFailure != nil || proxy.map { !$0.isRunning } ?? false }
}

private extension ForwarderStatistics {
    /// These counts plus `other`'s (nil: none).
    func adding(_ other: ForwarderStatistics?) -> ForwarderStatistics {
        guard let other else { return self }
        return ForwarderStatistics(frontend: frontend + other.frontend, backend: backend + other.backend)
    }
}
