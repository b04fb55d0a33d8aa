import CZeroMQ

/// A message received by a ``Router``: the sender's identity and the frames it sent.
public struct RoutedMessage: Sendable, Equatable {
    /// The identity frame libzmq prepended: the peer's `ZMQ_ROUTING_ID` or a generated id.
    public var identity: [UInt8]
    /// The frames the peer sent, in order.
    public var frames: [[UInt8]]

    /// Creates a routed message.
    public init(identity: [UInt8], frames: [[UInt8]]) {
        self.identity = identity
        self.frames = frames
    }
}

/// A ROUTER socket: an asynchronous server that knows which peer sent each message.
///
/// libzmq prepends the peer's identity frame to every received message and routes every
/// sent message by its first frame. ``receive(dontWait:)`` shows the raw frames;
/// ``receiveRouted(dontWait:)`` and ``send(to:_:dontWait:)`` split and join the identity.
public final class Router: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_ROUTER` socket in `context`.
    ///
    /// - Parameters:
    ///   - mandatory: `ZMQ_ROUTER_MANDATORY`. `true` (the default here, unlike libzmq)
    ///     makes a send to an unknown or departed peer throw `EHOSTUNREACH` and a send to
    ///     a full peer return ``SendOutcome/wouldBlock``; libzmq's `false` drops such
    ///     messages silently, which hides lost replies.
    ///   - options: applied before any bind or connect.
    /// - Throws: ``ZeroMQError`` from `zmq_socket` or from an option.
    public init(context: Context, mandatory: Bool = true, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_ROUTER, options: options)
        do {
            try core.setOption(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY", bool: mandatory)
        } catch {
            core.close(lingerMilliseconds: 0)
            throw error
        }
    }

    /// Receives one message and splits off the sender's identity.
    /// - Returns: as ``ReceivingSocket/receive(dontWait:)``, with the message split.
    /// - Throws: ``ZeroMQError`` with operation `"receive"`.
    public func receiveRouted(dontWait: Bool = false) throws -> ReceiveOutcome<RoutedMessage> {
        try receive(dontWait: dontWait).map { frames in
            // libzmq always prepends the identity, so `frames` is never empty; the guard
            // avoids trapping on that invariant all the same.
            RoutedMessage(identity: frames.first ?? [], frames: Array(frames.dropFirst()))
        }
    }

    /// Sends `frames` to the peer whose identity is `identity`.
    /// - Returns: as ``SendingSocket/send(_:dontWait:)``.
    /// - Throws: ``ZeroMQError`` with operation `"send"`; `EHOSTUNREACH` when the peer is
    ///   unknown and the socket is mandatory.
    public func send(to identity: [UInt8], _ frames: [[UInt8]], dontWait: Bool = false) throws -> SendOutcome {
        try send([identity] + frames, dontWait: dontWait)
    }
}
