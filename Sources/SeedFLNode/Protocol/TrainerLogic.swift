import SeedFLCore
import SeedFLData

/// What one trainer does when it is sampled, independent of how it talks to the others.
///
/// The in-process simulator and the distributed trainer process both call
/// ``contribute(round:seed:)``, so they compute the same scalars from the same inputs.
public struct TrainerLogic: Sendable {
    public let id: UInt32
    public let run: RunConfig
    public let sampler: BatchSampler
    public private(set) var personalization = PersonalizationState()

    public init(id: UInt32, run: RunConfig, shard: [Int]) throws {
        self.id = id
        self.run = run
        self.sampler = try BatchSampler(shard: shard, batchSize: run.zo.batchSize)
    }

    /// This trainer's learning rate for `round`, whose commit will be ledger position
    /// `sequence`: the scheduled global rate, personalised when a strategy is set.
    public func learningRate(round: UInt64, sequence: UInt64) -> Float {
        let h = personalization.index(run.personalization.strategy, runSeed: run.seed, round: round, client: id)
        return run.personalization.rate(base: run.learningRate(sequence: sequence), index: h)
    }

    /// Runs the local phase for `round` at the current global parameters of `state` and
    /// records it for the personalised rates (``compute(model:state:round:seed:)`` then
    /// ``record(round:result:)``).
    public mutating func contribute(model: some TrainableModel, state: ReplayState, round: UInt64,
                                    seed: UInt64) -> LocalResult {
        let result = compute(model: model, state: state, round: round, seed: seed)
        record(round: round, result: result)
        return result
    }

    /// The local phase for `round` at the current global parameters of `state`, without
    /// recording it: a trainer computes on a worker thread and records only a contribution
    /// it actually sends.
    public func compute(model: some TrainableModel, state: ReplayState, round: UInt64,
                        seed: UInt64) -> LocalResult {
        // The round builds on the state's last applied round, so it commits as the next one.
        let sequence = state.appliedSequence + 1
        let global = run.learningRate(sequence: sequence)
        let lr = learningRate(round: round, sequence: sequence)
        let sampler = self.sampler
        let runSeed = run.seed
        let client = UInt64(id)
        let batch: (Int) -> [Int] = { k in
            sampler.batch(runSeed: runSeed, round: round, client: client, step: UInt64(k))
        }
        if run.algorithm.isDense {
            let own = state.perturbationSeed(RoundPlan.trainerSeed(roundSeed: seed, trainer: id))
            return LocalTraining.dense(model: model, global: state.parameters, seed: own, config: run.zo,
                                       learningRate: lr, batch: batch)
        }
        return LocalTraining.decomfl(model: model, global: state.parameters, momentum: state.momentum,
                                     seed: state.perturbationSeed(seed), config: run.zo, learningRate: lr,
                                     scalarWeight: lr / global, batch: batch)
    }

    /// Remembers what this trainer sent in `round`, for the personalised rates.
    public mutating func record(round: UInt64, result: LocalResult) {
        // Only `update-diff` reads a dense baseline's own update; other strategies keep no d-sized copy.
        let delta = run.personalization.strategy == .updateDifference ? result.delta : nil
        personalization.contributed(round: round, loss: result.baseLoss, scalars: result.scalars, delta: delta)
    }

    /// Lets the personalisation signals see a commit (call for every applied commit).
    /// Returns whether this trainer's personalisation state changed.
    @discardableResult
    public mutating func observe(_ commit: CommittedRound) -> Bool {
        personalization.committed(commit, client: id)
    }

    /// Whether the rate depends on this trainer's own history (and so must survive a restart).
    public var keepsPersonalHistory: Bool {
        switch run.personalization.strategy {
        case .frozen, .random: false
        case .lossDifference, .lossDifferenceFiveRound, .updateDifference: true
        }
    }

    /// Continues from a saved personalisation state (see ``PersonalizationFile``).
    public mutating func restore(_ state: PersonalizationState) {
        personalization = state
    }
}
