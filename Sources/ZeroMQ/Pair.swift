import CZeroMQ

/// A PAIR socket: exactly one peer, both directions. Internal: used only as the control
/// channel of a ``Forwarder`` over inproc.
final class Pair: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    let core: SocketCore

    /// Creates a `ZMQ_PAIR` socket in `context`.
    init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_PAIR, options: options)
    }
}
