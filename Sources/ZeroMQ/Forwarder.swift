import CZeroMQ
import Foundation

/// A PUB/SUB forwarder: an XSUB frontend and an XPUB backend joined by
/// `zmq_proxy_steerable` on a dedicated thread, stoppable with a `TERMINATE` command.
///
/// Messages flow from publishers (frontend) to subscribers (backend); subscriptions flow
/// back upstream, so publishers filter at the source. The thread creates and owns the
/// three proxy sockets (frontend, backend, and a PAIR control socket), so no libzmq socket
/// crosses a thread; only the `Sendable` ``Context`` and plain values do. The caller's end
/// of the control channel is a PAIR bound over inproc, owned by this non-`Sendable` object
/// and used only by the thread that created it.
public final class Forwarder {
    /// Endpoints of the frontend, in configuration order: resolved after bind (wildcard
    /// ports filled in), as given for connect.
    public let frontendEndpoints: [String]
    /// Endpoints of the backend, as for ``frontendEndpoints``.
    public let backendEndpoints: [String]

    private let control: Pair
    private let exit: Latch<ForwarderExit>

    /// The `TERMINATE` command understood by `zmq_proxy_steerable`.
    private static let terminateCommand = Array("TERMINATE".utf8)

    /// Starts the forwarder and returns once its sockets are attached.
    /// - Throws: ``ZeroMQError`` from creating, configuring, binding or connecting any of
    ///   its sockets (e.g. operation `"bind"` for a busy port); the thread has then ended.
    public init(context: Context, configuration: ForwarderConfiguration) throws {
        let controlEndpoint = "inproc://zeromq-swift-forwarder-\(UInt64.random(in: .min ... .max))"
        let control = try Pair(context: context)
        do {
            try control.bind(controlEndpoint)
        } catch {
            try? control.close(linger: .zero)
            throw error
        }
        let started = Latch<Result<[[String]], any Error>>()
        let exit = Latch<ForwarderExit>()
        let thread = Thread {
            Forwarder.run(
                context: context, configuration: configuration, controlEndpoint: controlEndpoint,
                started: started, exit: exit)
        }
        thread.name = "zeromq-forwarder"
        thread.start()
        switch started.wait() {
        case .success(let endpoints):
            frontendEndpoints = endpoints[0]
            backendEndpoints = endpoints[1]
        case .failure(let error):
            try? control.close(linger: .zero)
            throw error
        }
        self.control = control
        self.exit = exit
    }

    /// The `STATISTICS` command: the proxy answers with eight 64-bit counters.
    private static let statisticsCommand = Array("STATISTICS".utf8)

    /// What the proxy has moved since it started, as libzmq counts it (`STATISTICS`):
    /// frontend and backend, messages and payload bytes each way. nil when the proxy has
    /// ended or does not answer within `timeout`.
    ///
    /// Call it from the thread that created the forwarder (the control socket is its).
    public func statistics(timeout: Duration = .seconds(1)) -> ForwarderStatistics? {
        guard exit.current == nil else { return nil }
        // A reply that came after an earlier call gave up would answer this one: drop it.
        while case .message = (try? control.receive(dontWait: true)) ?? .wouldBlock {}
        guard (try? control.send(frame: Forwarder.statisticsCommand, dontWait: true)) == .sent else { return nil }
        let poller = Poller()
        _ = poller.register(control)
        guard case .ready = (try? poller.poll(timeout: timeout)) ?? .timedOut,
              case .message(let frames) = (try? control.receive(dontWait: true)) ?? .wouldBlock,
              frames.count == 8, frames.allSatisfy({ $0.count == 8 }) else { return nil }
        let v = frames.map { $0.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
        func side(_ i: Int) -> SocketCounters {
            var c = SocketCounters()
            (c.messagesReceived, c.bytesReceived, c.messagesSent, c.bytesSent) = (v[i], v[i + 1], v[i + 2], v[i + 3])
            return c
        }
        return ForwarderStatistics(frontend: side(0), backend: side(4))
    }

    /// Whether the forwarding thread is still running.
    public var isRunning: Bool { exit.current == nil }

    /// Stops the forwarder and waits for its thread to close its sockets and end.
    ///
    /// Messages still queued in the forwarder are dropped (its sockets close with linger
    /// 0). Idempotent: later calls return the same exit at once.
    /// - Returns: why the thread ended (``ForwarderExit/stopped`` after this command).
    public func terminate() -> ForwarderExit {
        if exit.current == nil {
            // dontWait: a failed or ETERM-stopped proxy has no peer to queue to, and
            // waiting for one would never end. Retry only an interrupted send.
            while (try? control.send(frame: Forwarder.terminateCommand, dontWait: true)) == .interrupted {}
        }
        let result = exit.wait()
        try? control.close(linger: .zero)
        return result
    }

    /// Never blocks: sends `TERMINATE` without waiting for the thread to end.
    deinit {
        if exit.current == nil {
            _ = try? control.send(frame: Forwarder.terminateCommand, dontWait: true)
        }
        try? control.close(linger: .zero)
    }

    /// The forwarding thread's body: create, attach, proxy, close.
    private static func run(
        context: Context,
        configuration: ForwarderConfiguration,
        controlEndpoint: String,
        started: Latch<Result<[[String]], any Error>>,
        exit: Latch<ForwarderExit>
    ) {
        var sockets: [any Socket] = []
        // Sockets are closed before any latch is set, so a caller that then terminates the
        // context never waits on them.
        func closeAll() {
            for socket in sockets { try? socket.close(linger: .zero) }
            sockets = []
        }
        let frontendHandle, backendHandle, controlHandle: UnsafeMutableRawPointer
        do {
            let frontend = try XSubscriber(context: context, options: configuration.frontendOptions)
            sockets.append(frontend)
            let backend = try XPublisher(context: context, options: configuration.backendOptions)
            sockets.append(backend)
            let control = try Pair(context: context)
            sockets.append(control)
            let endpoints = [
                try attach(frontend, configuration.frontend),
                try attach(backend, configuration.backend),
            ]
            try control.connect(controlEndpoint)
            frontendHandle = try frontend.core.open("zmq_proxy_steerable")
            backendHandle = try backend.core.open("zmq_proxy_steerable")
            controlHandle = try control.core.open("zmq_proxy_steerable")
            started.set(.success(endpoints))
        } catch {
            closeAll()
            started.set(.failure(error))
            exit.set(.failed(error as? ZeroMQError ?? ZeroMQError(errno: EINVAL, operation: "forwarder")))
            return
        }
        var outcome: ForwarderExit
        repeat {
            if zmq_proxy_steerable(frontendHandle, backendHandle, nil, controlHandle) == 0 {
                outcome = .stopped
            } else {
                let code = zmq_errno()
                outcome = code == ZeroMQError.terminated
                    ? .contextTerminated : .failed(ZeroMQError(errno: code, operation: "zmq_proxy_steerable"))
            }
            // A signal landing on this thread interrupts the proxy; restarting it loses
            // nothing, since messages stay queued in the sockets between calls.
        } while outcome == .failed(ZeroMQError(errno: EINTR, operation: "zmq_proxy_steerable"))
        closeAll()
        exit.set(outcome)
    }

    /// Binds or connects `socket` to each attachment, returning the effective endpoints.
    private static func attach(_ socket: any Socket, _ attachments: [Attachment]) throws -> [String] {
        try attachments.map { attachment in
            switch attachment {
            case .bind(let endpoint):
                return try socket.bind(endpoint)
            case .connect(let endpoint):
                try socket.connect(endpoint)
                return endpoint
            }
        }
    }
}
