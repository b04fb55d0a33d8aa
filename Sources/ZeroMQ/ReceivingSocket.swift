/// A socket kind that can receive messages.
public protocol ReceivingSocket: Socket {}

extension ReceivingSocket {
    /// Receives one whole multipart message.
    ///
    /// - Parameter dontWait: return ``ReceiveOutcome/wouldBlock`` at once when nothing is
    ///   queued. Without it the call waits up to ``SocketOptions/receiveTimeout`` (for ever
    ///   by default), or until a signal (``ReceiveOutcome/interrupted``) or a context
    ///   shutdown (``ReceiveOutcome/terminated``).
    /// - Returns: the frames in order, or why there are none; a message over
    ///   ``SocketOptions/messageLimits`` is discarded and reported as
    ///   ``ReceiveOutcome/rejected(_:)``.
    /// - Throws: ``ZeroMQError`` with operation `"receive"` (`ENOTSOCK` after close,
    ///   `EFSM` in a state that forbids receiving).
    public func receive(dontWait: Bool = false) throws -> ReceiveOutcome<[[UInt8]]> {
        try core.receiveFrames(dontWait: dontWait)
    }

    /// Who sent the message returned by the last successful receive, as the context's
    /// ``ZAPHandler`` authenticated it at the handshake; `nil` on a socket without
    /// ``SocketOptions/authenticationDomain`` or for a peer the handler gave no identity.
    /// Read it right after the receive: the next receive replaces it.
    public var lastSender: AuthenticatedPeer? { core.lastSender }
}
