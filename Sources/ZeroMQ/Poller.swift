import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Readiness conditions of a socket in a ``Poller``.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The raw `ZMQ_POLLIN`/`ZMQ_POLLOUT` bits.
    public let rawValue: Int16

    /// Creates events from raw `ZMQ_POLL*` bits.
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// At least one whole message can be received without blocking (`ZMQ_POLLIN`).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without blocking (`ZMQ_POLLOUT`).
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// The result of ``Poller/poll(timeout:)`` when it did not fail.
public enum PollOutcome: Sendable, Equatable {
    /// Some sockets are ready. `events[i]` is what is ready on the socket registered i-th
    /// (empty for sockets that are not), so it lines up with ``Poller/register(_:for:)``.
    case ready([PollEvents])
    /// The timeout expired with no socket ready.
    case timedOut
    /// A signal interrupted the wait (`EINTR`); check your signal flags, then poll again.
    case interrupted
    /// The context of a registered socket was shut down or terminated (`ETERM`).
    case terminated
}

/// Waits on several sockets at once (`zmq_poll`).
///
/// Not `Sendable`: like the sockets it holds, a poller belongs to the thread that owns
/// those sockets. It retains every registered socket so their handles stay valid.
public final class Poller {
    private var sockets: [any Socket] = []
    private var interests: [PollEvents] = []

    /// Creates an empty poller.
    public init() {}

    /// Number of registered sockets.
    public var count: Int { sockets.count }

    /// Adds `socket`, to be reported when any of `events` is ready.
    /// - Returns: the socket's index in ``PollOutcome/ready(_:)``.
    @discardableResult
    public func register(_ socket: any Socket, for events: PollEvents = .readable) -> Int {
        sockets.append(socket)
        interests.append(events)
        return sockets.count - 1
    }

    /// Waits until a registered socket is ready or `timeout` expires.
    ///
    /// - Parameter timeout: how long to wait; `nil` waits for ever, `.zero` only checks.
    ///   libzmq counts whole milliseconds, so shorter positive timeouts round down to 0.
    /// - Returns: which sockets are ready, or why none is reported.
    /// - Throws: ``ZeroMQError`` with operation `"poll"`: `ENOTSOCK` when a registered
    ///   socket has been closed, `EINVAL` for a negative or over-long timeout.
    public func poll(timeout: Duration?) throws -> PollOutcome {
        let milliseconds = try timeout.map { Int(try $0.zmqMilliseconds(for: "poll")) } ?? -1
        var items: [zmq_pollitem_t] = []
        items.reserveCapacity(sockets.count)
        for (socket, events) in zip(sockets, interests) {
            let handle = try socket.core.open("poll")
            items.append(zmq_pollitem_t(socket: handle, fd: 0, events: events.rawValue, revents: 0))
        }
        let count = items.withUnsafeMutableBufferPointer { buffer in
            zmq_poll(buffer.baseAddress, Int32(buffer.count), milliseconds)
        }
        if count < 0 {
            let code = zmq_errno()
            switch code {
            case EINTR: return .interrupted
            case ZeroMQError.terminated: return .terminated
            default: throw ZeroMQError(errno: code, operation: "poll")
            }
        }
        if count == 0 { return .timedOut }
        return .ready(items.map { PollEvents(rawValue: $0.revents) })
    }
}
