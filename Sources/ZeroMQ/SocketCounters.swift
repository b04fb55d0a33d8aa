/// Traffic counted at one socket: what the application handed to libzmq and took from it.
///
/// Bytes are payload bytes summed over frames (a ROUTER's identity frame included, since it
/// travels on the wire); ZMTP framing and CURVE overhead are not visible to the
/// application and are not counted. Counts only grow; read them with ``Socket/counters``.
public struct SocketCounters: Sendable, Equatable {
    /// Complete multipart messages queued by ``SendingSocket/send(_:dontWait:)``.
    public var messagesSent: UInt64 = 0
    /// Payload bytes of those messages.
    public var bytesSent: UInt64 = 0
    /// Complete messages returned to the caller.
    public var messagesReceived: UInt64 = 0
    /// Payload bytes taken from libzmq, including those of rejected messages (they crossed
    /// the wire and were read, which is what wire accounting needs).
    public var bytesReceived: UInt64 = 0
    /// Messages discarded for breaking ``MessageLimits``.
    public var messagesRejected: UInt64 = 0

    /// All counters at zero.
    public init() {}

    /// Both sockets' counts together (wrapping, as the counters do).
    public static func + (a: SocketCounters, b: SocketCounters) -> SocketCounters {
        var c = a
        c.messagesSent &+= b.messagesSent
        c.bytesSent &+= b.bytesSent
        c.messagesReceived &+= b.messagesReceived
        c.bytesReceived &+= b.bytesReceived
        c.messagesRejected &+= b.messagesRejected
        return c
    }
}
