/// When each peer was last heard from, and who is alive now (the Paranoid Pirate rule of
/// the ZeroMQ Guide: a peer is dead once it has been silent for `liveness` heartbeat periods).
///
/// Keyed by the id the peer claims in its HELLO or HEARTBEAT (trainer id, aggregator
/// index); the broker only records ids it has validated against the deployment.
///
/// Why a queue: the broker asks "who died?" and "when can the next one die?" on every wake-up,
/// which at a thousand trainers heartbeating ten times a second is thousands of times a
/// second. Every message makes its sender the latest heard, so peers expire in the order they
/// were last heard from: a queue of (peer, time) in hearing order answers both questions from
/// its head. An entry made stale by a later message from the same peer is skipped when it
/// reaches the head; the queue holds at most one window's worth of messages. Answers equal
/// ``ScanningLivenessTable``'s (`LivenessDetectionTests` compares them on random histories).
public struct LivenessTable: Sendable {
    /// How long a peer stays live after it was last heard from.
    public let window: Duration
    private var lastHeard: [UInt32: ContinuousClock.Instant] = [:]
    /// Peers already reported by ``newlyDead(at:)`` and not heard from since.
    private var reportedDead: Set<UInt32> = []
    /// Every message's (peer, time), in hearing order, from ``head`` on.
    private var heardOrder: [(id: UInt32, at: ContinuousClock.Instant)] = []
    private var head = 0

    /// A table in which a peer stays live for `window` after each message.
    public init(window: Duration) { self.window = window }

    /// Records that `id` was heard from at `now` (times never decrease: one monotonic clock).
    public mutating func heard(_ id: UInt32, at now: ContinuousClock.Instant) {
        lastHeard[id] = now
        reportedDead.remove(id)
        heardOrder.append((id, now))
        // One clock on one thread: times arrive in order. Should a caller ever pass an earlier
        // instant, the entry moves back to its place, so the head stays the first to expire.
        var index = heardOrder.count - 1
        while index > head && heardOrder[index - 1].at > heardOrder[index].at {
            heardOrder.swapAt(index - 1, index)
            index -= 1
        }
    }

    /// The peers whose window ended since the last call, each with how long it had been
    /// silent, sorted by id. A peer is reported once per death: hearing from it again makes
    /// it live, and it can die again.
    public mutating func newlyDead(at now: ContinuousClock.Instant) -> [(id: UInt32, silent: Duration)] {
        var dead: [(id: UInt32, silent: Duration)] = []
        while let first = firstCurrent(), now - first.at > window {
            head += 1
            reportedDead.insert(first.id)
            dead.append((first.id, now - first.at))
        }
        compact()
        return dead.sorted { $0.id < $1.id }
    }

    /// When the next live peer's window ends if it stays silent (nil when none is live): the
    /// broker wakes then, so a death is noticed when it happens, not at the next heartbeat.
    public func nextExpiry(after now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        // Entries already expired but not yet reported (newlyDead not called since) are
        // passed over, as the scanning table filters them out.
        var index = head
        while index < heardOrder.count {
            let entry = heardOrder[index]
            index += 1
            guard lastHeard[entry.id] == entry.at, !reportedDead.contains(entry.id) else { continue }
            let end = entry.at + window
            if end > now { return end + .milliseconds(1) }
        }
        return nil
    }

    /// Whether `id` was heard from within the window ending at `now`.
    public func isLive(_ id: UInt32, at now: ContinuousClock.Instant) -> Bool {
        guard let last = lastHeard[id] else { return false }
        return now - last <= window
    }

    /// Every live id, sorted (the candidate list ``RoundPlan`` samples from): once per round.
    public func live(at now: ContinuousClock.Instant) -> [UInt32] {
        lastHeard.compactMap { id, last in now - last <= window ? id : nil }.sorted()
    }

    /// The oldest entry that is still its peer's latest message and not yet reported dead,
    /// dropping the stale ones in front of it.
    private mutating func firstCurrent() -> (id: UInt32, at: ContinuousClock.Instant)? {
        while head < heardOrder.count {
            let entry = heardOrder[head]
            if lastHeard[entry.id] == entry.at && !reportedDead.contains(entry.id) { return entry }
            head += 1
        }
        return nil
    }

    /// Drops the consumed prefix once it is at least half the storage (amortised O(1)).
    private mutating func compact() {
        if head > 0 && head * 2 >= heardOrder.count {
            heardOrder.removeFirst(head)
            head = 0
        }
    }
}
