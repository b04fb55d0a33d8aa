import CZeroMQ

/// An XPUB socket: a PUB that also receives its subscribers' subscription messages
/// (first byte 1 = subscribe, 0 = unsubscribe, then the prefix). The backend of a forwarder.
public final class XPublisher: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_XPUB` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ZeroMQError from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_XPUB, options: options)
    }
}
