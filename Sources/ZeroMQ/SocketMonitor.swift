import CZeroMQ
import Foundation

/// One event of a monitored socket (`zmq_socket_monitor`).
public struct SocketEvent: Sendable, Hashable {
    /// libzmq's event bit (`ZMQ_EVENT_*`).
    public var event: UInt16
    /// The event's value: an errno, a ZAP status or a file descriptor, by event.
    public var value: UInt32
    /// The endpoint the event concerns.
    public var endpoint: String

    /// Whether a peer's handshake failed: bad protocol, failed authentication (ZAP
    /// refusal, wrong mechanism, wrong server key) or another reason. A refused peer looks
    /// merely absent from the socket's point of view, so these events are the only trace.
    public var isHandshakeFailure: Bool {
        Int32(event) & SocketMonitor.handshakeFailures != 0
    }

    /// Whether the handshake failed on authentication: a ZAP refusal (on the server, and on a
    /// client told so with an ERROR command), not a broken connection or a protocol slip.
    public var isAuthenticationFailure: Bool {
        Int32(event) == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
    }
}

/// Watches one socket's connection events through libzmq's monitor, a PAIR socket over
/// inproc that receives one two-frame message per event.
///
/// Create and read it on the monitored socket's thread. It is a ``ReceivingSocket`` so a
/// poll loop can wait on it like any other; decode each message with ``event(from:)``.
public final class SocketMonitor: ReceivingSocket {
    /// Every handshake-failure event (`ZMQ_EVENT_HANDSHAKE_FAILED_*`).
    public static let handshakeFailures: Int32 = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH

    /// The PAIR end of the monitor.
    public let core: SocketCore

    /// Starts monitoring `socket` for `events` (a mask of `ZMQ_EVENT_*`).
    /// - Throws: ``ZeroMQError`` from `zmq_socket_monitor` or the PAIR socket.
    public init(watching socket: some Socket, events: Int32 = SocketMonitor.handshakeFailures) throws {
        let endpoint = "inproc://seedfl-monitor-\(UUID().uuidString)"
        let handle = try socket.core.open("zmq_socket_monitor")
        guard zmq_socket_monitor(handle, endpoint, events) == 0 else { throw ZeroMQError.last("zmq_socket_monitor") }
        core = try SocketCore(context: socket.context, type: ZMQ_PAIR, options: SocketOptions(linger: .zero))
        do {
            try connect(endpoint)
        } catch {
            core.close(lingerMilliseconds: 0)
            throw error
        }
    }

    /// Decodes one monitor message: frame 1 is a native-endian `uint16` event and `uint32`
    /// value, frame 2 the endpoint. `nil` for anything else.
    public static func event(from frames: [[UInt8]]) -> SocketEvent? {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let head = frames[0]
        let event = head.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt16.self) }
        let value = head.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self) }
        return SocketEvent(event: event, value: value, endpoint: String(decoding: frames[1], as: UTF8.self))
    }
}
