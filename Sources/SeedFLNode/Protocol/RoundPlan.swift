import SeedFLCore

/// The broker's reproducible decisions for a round: its seed and its participants.
///
/// The simulator and the distributed broker call the same functions, which is why a
/// fault-free distributed run commits exactly the rounds the simulator computes.
public enum RoundPlan {
    /// The public seed of `round` in the run seeded `runSeed`: a fresh one per round, or,
    /// with a seed pool of `pool` seeds (FedKSeed), the pool's entry `draw % pool`, where
    /// `draw` is that same fresh value and entry `j` is ``poolSeed(runSeed:index:)``.
    public static func seed(runSeed: UInt64, round: UInt64, pool: Int? = nil) -> UInt64 {
        var g = SplitMix64(runSeed, round, 0x5EED)
        let fresh = g.next()
        guard let pool else { return fresh }
        return poolSeed(runSeed: runSeed, index: fresh % UInt64(pool))
    }

    /// Entry `index` of the run's seed pool.
    public static func poolSeed(runSeed: UInt64, index: UInt64) -> UInt64 {
        var g = SplitMix64(runSeed, index, 0x9001)
        return g.next()
    }

    /// `count` participants drawn without replacement from `candidates` (the live
    /// trainers), returned sorted. Partial Fisher-Yates over the sorted candidate list.
    public static func participants(runSeed: UInt64, round: UInt64, candidates: [UInt32], count: Int) -> [UInt32] {
        var pool = candidates.sorted()
        let n = min(count, pool.count)
        var g = SplitMix64(runSeed, round, 0x5A3B1E)
        for i in 0..<n {
            let j = i + Int(g.next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return pool[0..<n].sorted()
    }

    /// The seed a dense-baseline trainer draws its private directions from: different per
    /// trainer, as in FedZO, where each client samples its own perturbations.
    public static func trainerSeed(roundSeed: UInt64, trainer: UInt32) -> UInt64 {
        SplitMix64.mix(roundSeed ^ SplitMix64.mix(UInt64(trainer) &+ 0xD1B5_4A32_D192_ED03))
    }
}
