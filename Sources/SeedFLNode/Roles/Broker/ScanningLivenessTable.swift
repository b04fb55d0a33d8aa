/// The reference liveness table: the rules of ``LivenessTable`` written the obvious way, every
/// question answered by a scan of all peers (O(N) per broker wake-up, which the broker did until
/// it had to serve a thousand trainers). Kept as the oracle the fast table is tested against
/// and as the baseline of `seedfl bench liveness`.
public struct ScanningLivenessTable: Sendable {
    /// How long a peer stays live after it was last heard from.
    public let window: Duration
    private var lastHeard: [UInt32: ContinuousClock.Instant] = [:]
    /// Peers already reported by ``newlyDead(at:)`` and not heard from since.
    private var reportedDead: Set<UInt32> = []

    /// A table in which a peer stays live for `window` after each message.
    public init(window: Duration) { self.window = window }

    /// Records that `id` was heard from at `now`.
    public mutating func heard(_ id: UInt32, at now: ContinuousClock.Instant) {
        lastHeard[id] = now
        reportedDead.remove(id)
    }

    /// The peers whose window ended since the last call, each with how long it had been
    /// silent, sorted by id. A peer is reported once per death: hearing from it again makes
    /// it live, and it can die again.
    public mutating func newlyDead(at now: ContinuousClock.Instant) -> [(id: UInt32, silent: Duration)] {
        let dead = lastHeard.compactMap { id, last in
            now - last > window && !reportedDead.contains(id) ? (id: id, silent: now - last) : nil
        }.sorted { $0.id < $1.id }
        for peer in dead { reportedDead.insert(peer.id) }
        return dead
    }

    /// When the next live peer's window ends if it stays silent (nil when none is live): the
    /// broker wakes then, so a death is noticed when it happens, not at the next heartbeat.
    public func nextExpiry(after now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        lastHeard.compactMap { id, last in reportedDead.contains(id) ? nil : last + window }
            .filter { $0 > now }.min().map { $0 + .milliseconds(1) }
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
