/// The result of a receive that did not fail: a message, or one of the normal reasons
/// why there is none. Errors that indicate a bug or a broken socket are thrown instead.
public enum ReceiveOutcome<Message> {
    /// A complete multipart message (every frame, in order).
    case message(Message)
    /// Nothing to receive: `dontWait` was set and no message was queued (`EAGAIN`), or the
    /// receive timeout (``SocketOptions/receiveTimeout``) expired.
    case wouldBlock
    /// A signal interrupted the wait (`EINTR`); check your signal flags, then call again.
    case interrupted
    /// The context was shut down or terminated (`ETERM`): close the socket and stop.
    case terminated
    /// A message arrived but broke the socket's ``MessageLimits``; it was discarded.
    case rejected(MessageLimitViolation)

    /// The message, if this outcome carries one.
    public var message: Message? {
        if case .message(let message) = self { return message }
        return nil
    }

    /// Transforms the message of a `.message` outcome and keeps every other case.
    public func map<Other>(_ transform: (Message) throws -> Other) rethrows -> ReceiveOutcome<Other> {
        switch self {
        case .message(let message): return .message(try transform(message))
        case .wouldBlock: return .wouldBlock
        case .interrupted: return .interrupted
        case .terminated: return .terminated
        case .rejected(let violation): return .rejected(violation)
        }
    }
}

extension ReceiveOutcome: Sendable where Message: Sendable {}
extension ReceiveOutcome: Equatable where Message: Equatable {}

/// The result of a send that did not fail.
public enum SendOutcome: Sendable, Equatable {
    /// libzmq queued every frame of the message; delivery is asynchronous.
    case sent
    /// Nothing was queued: `dontWait` was set and the socket could not accept the message
    /// (high-water mark reached, or no peer for PUSH/DEALER), or the send timeout expired.
    case wouldBlock
    /// A signal interrupted the wait before the first frame was queued; nothing was sent.
    case interrupted
    /// The context was shut down or terminated (`ETERM`): close the socket and stop.
    case terminated
}
