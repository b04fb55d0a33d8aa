import SeedFLCore

/// The IID partition: a seeded shuffle of all indices dealt round robin, so that shard
/// sizes differ by at most one and each shard is a uniform random sample.
enum IIDPartition {
    /// Position i of the shuffled order goes to client `i % clients`; each shard is then
    /// sorted. Callers ensure `count >= clients >= 1`, so no shard is empty.
    static func partition(count: Int, clients: Int, seed: UInt64) -> [[Int]] {
        var order = Array(0..<count)
        var generator = SplitMix64(StreamDomain.iidPartition, seed)
        SeededDraws.shuffle(&order, using: &generator)
        var shards = [[Int]](repeating: [], count: clients)
        for (position, index) in order.enumerated() { shards[position % clients].append(index) }
        return shards.map { $0.sorted() }
    }
}
