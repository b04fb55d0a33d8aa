import CZeroMQ

/// An XSUB socket: a SUB whose subscriptions are messages it sends upstream (first byte
/// 1 = subscribe, 0 = unsubscribe, then the prefix). The frontend of a forwarder.
public final class XSubscriber: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_XSUB` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ``ZeroMQError`` from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_XSUB, options: options)
    }

    /// Sends the subscription message for `prefix` (byte 1, then the prefix) upstream.
    /// - Returns: the outcome of sending that message.
    /// - Throws: ``ZeroMQError`` with operation `"send"`.
    public func subscribe(_ prefix: [UInt8]) throws -> SendOutcome {
        try send(frame: [1] + prefix)
    }

    /// Sends the unsubscription message for `prefix` (byte 0, then the prefix) upstream.
    /// - Returns: the outcome of sending that message.
    /// - Throws: ``ZeroMQError`` with operation `"send"`.
    public func unsubscribe(_ prefix: [UInt8]) throws -> SendOutcome {
        try send(frame: [0] + prefix)
    }
}
