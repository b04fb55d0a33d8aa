import Foundation
import SeedFLCore
import SeedFLModels

/// Measures what a sampled trainer spends on one contribution (K·(1 + P) forward passes for
/// forward differences) for a run configuration, as `seedfl bench zo` prints it.
///
/// A trainer draws every batch from its own shard, so the measurement first evaluates trainer
/// 0's whole shard once (the *fill*: with a frozen prefix, that is when each example's lower
/// blocks run, once), then times `contributions` consecutive contributions of trainer 0 at the
/// base model, exactly as the trainer role calls them (``TrainerLogic``). Wall-clock times on a
/// shared machine are noisy, so the median contribution is reported, and ratios should be
/// taken between configurations measured in the same run.
public enum ZOThroughputBenchmark {
    /// One configuration's figures.
    public struct Measurement: Codable, Sendable {
        /// A label for the configuration.
        public var name: String
        /// The model summary (trainable set, d).
        public var model: String
        public var parameters: Int
        public var perturbations: Int
        /// Examples per forward pass.
        public var examplesPerForward: Int
        /// Frozen blocks whose output is reused (nil: every pass runs every block).
        public var frozenPrefixBlocks: Int?
        public var prefixCache: Bool
        /// Trainer 0's shard size.
        public var shardExamples: Int
        /// One evaluation of the whole shard (fills the cache when there is one).
        public var fillSeconds: Double
        /// Median seconds of one contribution after the fill.
        public var secondsPerContribution: Double
        /// Forward passes in one contribution.
        public var forwardsPerContribution: Int
        /// `secondsPerContribution / forwardsPerContribution`.
        public var secondsPerForward: Double
        /// Rounds per second when the sampled trainers compute in parallel, one core each
        /// (the main job's setting): `1 / secondsPerContribution`.
        public var roundsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case name, model, parameters, perturbations
            case examplesPerForward = "examples_per_forward", frozenPrefixBlocks = "frozen_prefix_blocks"
            case prefixCache = "prefix_cache", shardExamples = "shard_examples", fillSeconds = "fill_seconds"
            case secondsPerContribution = "seconds_per_contribution"
            case forwardsPerContribution = "forwards_per_contribution", secondsPerForward = "seconds_per_forward"
            case roundsPerSecond = "rounds_per_second"
        }
    }

    /// Measures `run` (a `smollm` configuration, or any other model kind).
    public static func measure(_ run: RunConfig, name: String, contributions: Int) throws -> Measurement {
        let prepared = try ModelFactory.prepare(run)
        let shard = prepared.shards[0]
        var logic = try TrainerLogic(id: 0, run: run, shard: shard)
        let model = prepared.model
        let state = ReplayState(base: model.initialParameters(), optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        let clock = ContinuousClock()
        let fillStart = clock.now
        _ = model.loss(at: state.parameters, perturbation: nil, examples: shard)
        let fill = (clock.now - fillStart).inSeconds
        var times: [Double] = []
        for round in 1...max(1, contributions) {
            let start = clock.now
            _ = logic.contribute(model: model, state: state, round: UInt64(round),
                                 seed: RoundPlan.seed(runSeed: run.seed, round: UInt64(round), pool: run.zo.optimizer.seedPool))
            times.append((clock.now - start).inSeconds)
        }
        let median = times.sorted()[times.count / 2]
        let forwards = run.zo.steps * (run.zo.perturbations + (run.zo.estimator == .forward ? 1 : run.zo.perturbations))
        let language = model as? LanguageModelClassifier
        return Measurement(
            name: name, model: prepared.summary, parameters: model.space.dimension,
            perturbations: run.zo.perturbations, examplesPerForward: min(run.zo.batchSize, run.model.language.forwardBatch),
            frozenPrefixBlocks: language?.frozenPrefixBlocks, prefixCache: run.model.language.prefixCache,
            shardExamples: shard.count, fillSeconds: fill, secondsPerContribution: median,
            forwardsPerContribution: forwards, secondsPerForward: median / Double(forwards),
            roundsPerSecond: 1 / median)
    }

    /// The main job's configuration before the frozen-prefix work (the `Topologies/local.yaml`
    /// of 21 Nov 2026): every norm weight trainable, so every pass runs all 30 blocks; MeZO's
    /// prompt; P = 4; 16 examples per pass.
    public static func previousMainJob(seed: UInt64 = 1) -> RunConfig {
        var run = RunConfig(seed: seed)
        run.model.kind = .smollm
        run.model.language = LanguageModelConfig(trainable: "norms", template: "<sentence> It was",
                                                 verbalizers: [" terrible", " great"], forwardBatch: 16,
                                                 blasThreads: 1, trainableBlocks: nil)
        run.data.partitioner = "dirichlet:1"
        run.zo = ZOConfig(steps: 1, perturbations: 4, mu: 1e-3, learningRate: 2e-3, estimator: .forward, batchSize: 16)
        return run
    }
}
