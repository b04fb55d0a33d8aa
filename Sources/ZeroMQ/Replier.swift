import CZeroMQ

/// A REP socket: strict request/reply, one reply to each request in turn. Internal: used
/// only by the ``ZAPHandler``, whose protocol (RFC 27) is defined over REQ/REP.
final class Replier: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    let core: SocketCore

    /// Creates a `ZMQ_REP` socket in `context`.
    init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_REP, options: options)
    }
}
