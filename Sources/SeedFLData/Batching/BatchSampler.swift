import SeedFLCore

/// Draws a client's mini-batches as a pure function of (run seed, round, client, local
/// step), so that any process — the trainer itself, a restarted trainer, an auditor
/// replaying the ledger — picks the same examples without storing them.
///
/// A batch is `batchSize` distinct examples of the shard, drawn without replacement by
/// a partial Fisher-Yates shuffle (positions 0 ..< batchSize of the shard order, each
/// swapped with a uniform later-or-equal position), in draw order. Batches of different
/// steps are independent draws (sampling with replacement across steps, as in SGD with
/// random mini-batches). When the shard holds no more than `batchSize` examples the batch
/// is the whole shard, in shard order.
public struct BatchSampler: Hashable, Sendable {
    /// The client's example indices (into its dataset), as given.
    public let shard: [Int]
    /// Examples per batch.
    public let batchSize: Int

    /// Creates a sampler for one client's shard.
    ///
    /// - Throws: ``BatchSamplerError`` when the shard is empty (a client without data
    ///   cannot estimate a loss), repeats an index (a batch could then hold the same
    ///   example twice) or `batchSize < 1`.
    public init(shard: [Int], batchSize: Int) throws(BatchSamplerError) {
        guard batchSize >= 1 else { throw BatchSamplerError(code: .invalidBatchSize(batchSize)) }
        guard !shard.isEmpty else { throw BatchSamplerError(code: .emptyShard) }
        var seen = Set<Int>(minimumCapacity: shard.count)
        for index in shard where !seen.insert(index).inserted {
            throw BatchSamplerError(code: .duplicateIndex(index))
        }
        self.shard = shard
        self.batchSize = batchSize
    }

    /// The batch of local step `step` of `client` in `round` of the run seeded `runSeed`.
    ///
    /// The generator is `SplitMix64("BATCH", runSeed, round, client, step)`; the result
    /// depends on nothing else (not on earlier calls, the process or the thread).
    public func batch(runSeed: UInt64, round: UInt64, client: UInt64, step: UInt64) -> [Int] {
        guard shard.count > batchSize else { return shard }
        var generator = SplitMix64(StreamDomain.batch, runSeed, round, client, step)
        // Sparse partial Fisher-Yates: only displaced positions are stored, so a batch costs
        // O(batchSize) however large the shard.
        var displaced: [Int: Int] = [:]
        var batch: [Int] = []
        batch.reserveCapacity(batchSize)
        for position in 0..<batchSize {
            let other = position + SeededDraws.index(below: shard.count - position, using: &generator)
            let atOther = displaced[other] ?? other
            displaced[other] = displaced[position] ?? position
            batch.append(shard[atOther])
        }
        return batch
    }
}
