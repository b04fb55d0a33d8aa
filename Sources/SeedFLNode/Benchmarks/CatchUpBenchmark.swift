import Foundation
import SeedFLCore

/// What it costs a trainer to catch up on `rounds` committed rounds, with and without a seed
/// pool: the rounds are DeComFL seed rounds (K = 1, P perturbations, the run's round seeds,
/// small deterministic scalars) over a `dimension`-long model, replayed from the base by
/// ``ReplayState`` exactly as a trainer's history replay applies them (without the network).
///
/// Without a pool every round regenerates its `K * P` directions over the whole model; with a
/// pool of `S` seeds the rounds only add into the coefficient table, and the model is rebuilt
/// once from at most `S * K * P` directions.
public enum CatchUpBenchmark {
    public struct Measurement: Sendable {
        /// nil: no pool.
        public var pool: Int?
        public var rounds: Int
        /// Directions regenerated over the whole model.
        public var directions: Int
        public var seconds: Double
        public var fingerprint: String
    }

    public static func run(rounds: Int, dimension: Int, perturbations: Int, pool: Int?, runSeed: UInt64 = 7,
                           threads: Int = Slices.defaultThreads) throws -> Measurement {
        var scalars = SplitMix64(runSeed, 0xCA7C_4015)
        let committed = (1...max(1, rounds)).map { r in
            CommittedRound(sequence: UInt64(r), round: UInt64(r),
                           seed: RoundPlan.seed(runSeed: runSeed, round: UInt64(r), pool: pool),
                           steps: 1, perturbations: perturbations, learningRate: 1e-3,
                           scalars: (0..<perturbations).map { _ in Float(Int64(scalars.next() % 2001) - 1000) / 1000 },
                           contributors: [0], meanLoss: 0.5)
        }
        var state = ReplayState(base: [Float](repeating: 0, count: dimension), optimizer: OptimizerConfig(seedPool: pool))
        let clock = ContinuousClock()
        let start = clock.now
        try state.apply(committed, threads: threads)
        let seconds = (clock.now - start).inSeconds
        let distinctSeeds = Set(committed.map(\.seed)).count
        return Measurement(pool: pool, rounds: committed.count,
                           directions: (pool == nil ? committed.count : distinctSeeds) * perturbations,
                           seconds: seconds, fingerprint: state.fingerprint)
    }
}
