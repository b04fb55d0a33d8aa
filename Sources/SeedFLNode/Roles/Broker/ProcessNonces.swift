/// The process nonces trainers announced in their HELLOs, for the broker to check the
/// contributions an AGGREGATE vouches for: each carries its sender process's nonce, which an
/// outsider cannot guess (64 random bits) and, under CURVE, cannot read either.
///
/// The previous nonce stays accepted next to the current one: a trainer killed after sending
/// its contribution and restarted before the round closed sent a genuine contribution. A
/// trainer this broker process never heard a HELLO from (the broker restarted and the trainer
/// did not notice) is accepted on trust until it introduces itself again.
public struct ProcessNonces: Sendable {
    private var known: [UInt32: Announced] = [:]

    private struct Announced: Sendable {
        var current: UInt64
        var previous: UInt64?
    }

    /// No trainer heard from yet.
    public init() {}

    /// Records a HELLO from trainer `id` (ids are checked against the run before, so the
    /// table is bounded by the number of trainers).
    public mutating func hello(_ id: UInt32, nonce: UInt64) {
        guard let entry = known[id] else {
            known[id] = Announced(current: nonce, previous: nil)
            return
        }
        if entry.current != nonce { known[id] = Announced(current: nonce, previous: entry.current) }
    }

    /// Whether a contribution of trainer `id` with `nonce` can come from one of its processes.
    public func accepts(_ id: UInt32, nonce: UInt64) -> Bool {
        guard let entry = known[id] else { return true }
        return nonce == entry.current || nonce == entry.previous
    }
}
