import SeedFLWire

/// Contributions (and partial aggregates) that arrived before their ROUND_OPEN — the PUB
/// broadcast and the PUSH uplink race, so a fast trainer can beat the announcement.
///
/// Bounded: only the round right after the current one is held (any round before the
/// first ROUND_OPEN), at most one message per trainer or partial, and at most `capacity`
/// in all, so a peer can never make the aggregator hoard memory.
struct EarlyInbox {
    /// A held message and the round it is for.
    struct Held {
        var round: UInt64
        var key: UInt32
        var isPartial: Bool
        var message: Message
    }

    let capacity: Int
    private(set) var held: [Held] = []

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Holds `message` for `round`; returns the reason when it is refused.
    mutating func hold(_ message: Message, round: UInt64, key: UInt32, isPartial: Bool) -> DropReason? {
        if let i = held.firstIndex(where: { $0.key == key && $0.isPartial == isPartial }) {
            if held[i].round == round { return .duplicate }
            // A newer round replaces an older early message of the same sender, which the
            // next ROUND_OPEN would have declared stale anyway.
            if held[i].round > round { return .stale }
            held[i] = Held(round: round, key: key, isPartial: isPartial, message: message)
            return nil
        }
        guard held.count < capacity else { return .future }
        held.append(Held(round: round, key: key, isPartial: isPartial, message: message))
        return nil
    }

    /// Removes everything; returns the messages for `round` (to admit now) and how many
    /// older ones were discarded.
    mutating func release(round: UInt64) -> (due: [Message], stale: Int) {
        let due = held.filter { $0.round == round }.map(\.message)
        let stale = held.filter { $0.round < round }.count
        held.removeAll { $0.round <= round }
        return (due, stale)
    }
}
