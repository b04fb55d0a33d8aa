/// When each peer was last heard from, and who is alive now (the Paranoid Pirate rule of
/// the ZeroMQ Guide: a peer is dead once it has been silent for `liveness` heartbeat periods).
///
/// Keyed by the id the peer claims in its HELLO or HEARTBEAT (trainer id, aggregator
/// index); the broker only records ids it has validated against the deployment.
public struct LivenessTable: Sendable {
    /// How long a peer stays live after it was last heard from.
    public let window: Duration
    private var lastHeard: [UInt32: ContinuousClock.Instant] = [:]

    /// A table in which a peer stays live for `window` after each message.
    public init(window: Duration) { self.window = window }

    /// Records that `id` was heard from at `now`.
    public mutating func heard(_ id: UInt32, at now: ContinuousClock.Instant) {
        lastHeard[id] = now
    }

    /// Whether `id` was heard from within the window ending at `now`.
    public func isLive(_ id: UInt32, at now: ContinuousClock.Instant) -> Bool {
        guard let last = lastHeard[id] else { return false }
        return now - last <= window
    }

    /// Every live id, sorted (the candidate list ``RoundPlan`` samples from).
    public func live(at now: ContinuousClock.Instant) -> [UInt32] {
        lastHeard.compactMap { id, last in now - last <= window ? id : nil }.sorted()
    }
}
