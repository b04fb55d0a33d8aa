import CZeroMQ

/// A PULL socket: fair-queues messages from connected PUSH peers.
public final class Puller: ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_PULL` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ZeroMQError from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_PULL, options: options)
    }
}
