import CZeroMQ

/// A PUSH socket: distributes messages round-robin to connected PULL peers.
///
/// Blocks (or returns SendOutcome/wouldBlock) while no peer is connected; set
/// SocketOptions/immediate so messages are not queued to a peer that never completed
/// its connection.
public final class Pusher: SendingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_PUSH` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ZeroMQError from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_PUSH, options: options)
    }
}
