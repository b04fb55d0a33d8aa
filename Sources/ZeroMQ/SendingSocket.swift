/// A socket kind that can send messages.
public protocol SendingSocket: Socket {}

extension SendingSocket {
    /// Sends one multipart message; peers receive all of its frames or none.
    ///
    /// - Parameters:
    ///   - frames: the frames, at least one; each may be empty.
    ///   - dontWait: return ``SendOutcome/wouldBlock`` instead of waiting when the message
    ///     cannot be queued now. Without it the call waits up to
    ///     ``SocketOptions/sendTimeout`` (for ever by default).
    /// - Returns: ``SendOutcome/sent``, or why nothing was sent.
    /// - Throws: ``ZeroMQError`` with operation `"send"`: `EINVAL` for no frames,
    ///   `ENOTSOCK` after close, `EHOSTUNREACH` for an unknown peer on a mandatory ROUTER.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws -> SendOutcome {
        try core.sendFrames(frames, dontWait: dontWait)
    }

    /// Sends a single-frame message; see ``send(_:dontWait:)``.
    public func send(frame: [UInt8], dontWait: Bool = false) throws -> SendOutcome {
        try core.sendFrames([frame], dontWait: dontWait)
    }
}
