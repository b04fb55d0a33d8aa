import CZeroMQ

/// A PUB socket: sends every message to all subscribers whose prefix matches.
///
/// Never blocks: a subscriber at its high-water mark, or not yet subscribed (the "slow
/// joiner"), silently misses messages. Protocols on top must number their messages.
public final class Publisher: SendingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_PUB` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ZeroMQError from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_PUB, options: options)
    }
}
