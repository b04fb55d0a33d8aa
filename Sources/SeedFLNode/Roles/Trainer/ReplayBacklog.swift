import SeedFLCore

/// Commits waiting to be applied by a trainer, applied a bounded slice of time at a time.
///
/// Applying one commit to every weight of a large model takes a pass over the parameters
/// (a fraction of a second for SmolLM2-135M), and a history chunk holds up to hundreds of
/// them. Applied in one go they would silence the trainer for longer than the broker's
/// liveness window. Queued here, they are applied between the runtime's wake-ups, at most
/// ``budget`` at a time (and at least one: `Trainer.applyBacklog`), so heartbeats go out in
/// between.
///
/// Bounded: a peer cannot make it hold more than ``capacity`` commits; what does not fit is
/// refused (the caller counts it, and the gap it leaves is asked for again as history).
struct ReplayBacklog {
    /// Time spent applying commits per wake-up.
    static let budget = Duration.milliseconds(50)

    let capacity: Int
    private var items: [CommittedRound] = []
    private var head = 0
    /// The latest sequence the last history reply announced, until the commits queued
    /// before it are applied (``takeHistoryEnd()``).
    var historyEnd: UInt64?

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    /// Queues `commit`; false when the backlog is full.
    mutating func push(_ commit: CommittedRound) -> Bool {
        guard count < capacity else { return false }
        if head > 0 && head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        items.append(commit)
        return true
    }

    /// The oldest queued commit, removed from the queue.
    mutating func pop() -> CommittedRound? {
        guard !isEmpty else { return nil }
        let next = items[head]
        head += 1
        if isEmpty {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return next
    }

    /// Once the queue is empty, the history end it was waiting for (then forgotten): what is
    /// left to ask the broker for.
    mutating func takeHistoryEnd() -> UInt64? {
        guard isEmpty, let end = historyEnd else { return nil }
        historyEnd = nil
        return end
    }

    /// Applies `next()`'s commits with `apply` for at most ``budget`` (and at least one): the
    /// one time-sliced replay loop of trainers and the evaluator. `next` and `apply` are
    /// separate calls so that `apply` may queue into the backlog it drains.
    static func applyWithinBudget(next: () -> CommittedRound?, apply: (CommittedRound) -> Void) {
        let start = ContinuousClock.now
        while let commit = next() {
            apply(commit)
            if ContinuousClock.now - start >= budget { break }
        }
    }
}
