/// Upper bounds on one received multipart message, enforced by the receiving socket.
///
/// `ZMQ_MAXMSGSIZE` (``SocketOptions/maxMessageSize``) bounds a single frame, and libzmq
/// drops the connection of a peer that exceeds it. Nothing in libzmq bounds the *number*
/// of frames, so a peer could send millions of small frames as one message; these limits
/// stop the receiver from copying such a message into Swift memory. A message over a
/// limit is drained from libzmq (its frames are already queued, since libzmq delivers
/// multipart messages atomically) and reported as ``ReceiveOutcome/rejected(_:)``.
public struct MessageLimits: Sendable, Equatable {
    /// Most frames accepted in one message, including a ROUTER's identity frame.
    public var maxFrames: Int
    /// Most payload bytes accepted in one message, summed over its frames.
    public var maxBytes: Int

    /// Creates limits; values below 1 reject every message, which is allowed but useless.
    public init(maxFrames: Int, maxBytes: Int) {
        self.maxFrames = maxFrames
        self.maxBytes = maxBytes
    }

    /// 64 frames and 64 MiB. SeedFL messages have at most three frames (identity,
    /// envelope, payload) and carry seeds and scalars, so both bounds leave a wide margin
    /// while keeping a hostile message to a bounded allocation.
    public static let standard = MessageLimits(maxFrames: 64, maxBytes: 64 << 20)
}

/// Why a received message was discarded by ``MessageLimits``.
public struct MessageLimitViolation: Sendable, Equatable, CustomStringConvertible {
    /// Frames the offending message had in total (all were drained).
    public var frames: Int
    /// Payload bytes the offending message had in total.
    public var bytes: Int
    /// The limits it broke.
    public var limits: MessageLimits

    /// For example `message of 100 frames / 4000 bytes exceeds limits of 64 frames / 67108864 bytes`.
    public var description: String {
        "message of \(frames) frames / \(bytes) bytes exceeds limits of "
            + "\(limits.maxFrames) frames / \(limits.maxBytes) bytes"
    }
}
