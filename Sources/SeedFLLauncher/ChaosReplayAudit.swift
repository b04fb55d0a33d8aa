import SeedFLCore
import SeedFLStore
import SeedFLNode

/// The "one model" and "never a corrupted update" checks of a chaos run, by replaying its
/// ledger from the base model in this process (nothing the roles computed is trusted):
///
/// * every (sequence, fingerprint) a trainer reported during the run must be the replay's
///   fingerprint at that sequence (a claim above the ledger's last sequence is a lost
///   commit, counted by the caller);
/// * every committed round must be, bit for bit, what the trainer logic and the aggregation
///   rule compute for that round's seed and contributors from the model the preceding
///   committed rounds determine (the recompute), so a fault can have decided *which* rounds
///   committed and *who* contributed, never *what* a round contains;
/// * for comparison, the fault-free simulation of as many rounds (its final loss, how many
///   leading rounds are identical, and mean losses along the way).
public struct ChaosReplayAudit: Sendable, Hashable {
    /// Distinct (sequence, fingerprint) claims checked.
    public var claimsChecked: Int
    /// Claims whose fingerprint is not the replay's at their sequence.
    public var claimMismatches: [String]
    /// "checked", or why the recompute was skipped.
    public var recompute: String
    /// Rounds recomputed.
    public var recomputedRounds: Int
    /// Rounds that differ from their recomputation (first few described).
    public var recomputeMismatches: Int
    /// Descriptions of the first recompute mismatches.
    public var recomputeExamples: [String]
    /// The fault-free simulation of as many rounds as were committed (nil when skipped).
    public var faultFree: FaultFreeComparison?

    /// The chaos ledger next to a fault-free simulation of the same number of rounds.
    public struct FaultFreeComparison: Sendable, Hashable, Codable {
        /// Test loss of the simulated model.
        public var finalLoss: Double
        /// Leading sequences at which the chaos ledger holds exactly the simulator's round
        /// (they part at the first abort or at a round sampled among fewer live trainers).
        public var identicalPrefix: Int
        /// Mean training loss of the round at about every tenth of the run, chaos vs fault-free.
        public var meanLoss: [LossPoint]

        enum CodingKeys: String, CodingKey {
            case finalLoss = "final_loss", identicalPrefix = "identical_prefix", meanLoss = "mean_loss"
        }
    }

    /// One point of ``FaultFreeComparison/meanLoss``.
    public struct LossPoint: Sendable, Hashable, Codable {
        /// Ledger position of both rounds.
        public var sequence: UInt64
        /// Mean training loss of the chaos run's round at ``sequence``.
        public var chaos: Float
        /// Mean training loss of the fault-free run's round at ``sequence``.
        public var faultFree: Float

        enum CodingKeys: String, CodingKey { case sequence, chaos, faultFree = "fault_free" }
    }

    /// Replays `<runDirectory>/ledger.sqlite` and checks it as described above.
    public static func audit(runDirectory: String, observations: ChaosObservations,
                             recompute: Bool) throws -> ChaosReplayAudit {
        let (topology, prepared) = try RunReplay.prepare(runDirectory: runDirectory, blasThreads: Slices.defaultThreads)
        let run = topology.run
        let model = prepared.model
        let ledger = try Ledger(readOnlyAt: RunDirectory(runDirectory).ledger)
        defer { ledger.close() }

        // Personalised rates are recomputed too: each trainer's personalisation state is a
        // function of the ledger, and trainers keep it across restarts (PersonalizationFile).
        let why: String? = recompute ? nil : "not requested"
        let recomputing = why == nil
        var trainers = recomputing
            ? try (0..<run.clients).map { try TrainerLogic(id: UInt32($0), run: run, shard: prepared.shards[$0]) } : []

        var simulated: [CommittedRound] = []
        var faultFreeLoss: Double?
        if recomputing, ledger.latestSequence > 0 {
            var config = run
            config.rounds = Int(clamping: ledger.latestSequence)
            var simulator = Simulator(run: config, prepared: prepared)
            faultFreeLoss = try simulator.simulate().finalLoss
            simulated = simulator.ledger
        }

        var audit = ChaosReplayAudit(claimsChecked: 0, claimMismatches: [],
                                     recompute: why.map { "skipped: \($0)" } ?? "checked", recomputedRounds: 0,
                                     recomputeMismatches: 0, recomputeExamples: [], faultFree: nil)
        var state = ReplayState(base: model.initialParameters(), optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        audit.checkClaims(at: 0, state: state, observations: observations)
        var identicalPrefix = 0, diverged = false
        var losses: [Float] = []
        var after: UInt64 = 0
        while true {
            let page = try ledger.rounds(after: after, limit: 256)
            guard let last = page.last else { break }
            for round in page {
                if recomputing {
                    let expected = recomputed(round, run: run, model: model, state: state, trainers: &trainers)
                    audit.recomputedRounds += 1
                    if !Self.identical(expected, round) {
                        audit.recomputeMismatches += 1
                        if audit.recomputeExamples.count < 5 {
                            audit.recomputeExamples.append("sequence \(round.sequence) (round \(round.round)): ledger "
                                                           + "\(round.scalars) vs recomputed \(expected.scalars)")
                        }
                    }
                }
                let index = Int(round.sequence) - 1
                if !diverged, index < simulated.count, Self.identical(simulated[index], round) {
                    identicalPrefix += 1
                } else {
                    diverged = true
                }
                try state.apply(round)
                for i in trainers.indices { trainers[i].observe(round) }
                losses.append(round.meanLoss)
                audit.checkClaims(at: round.sequence, state: state, observations: observations)
            }
            after = last.sequence
        }
        if let faultFreeLoss {
            let points = Set(stride(from: 1, through: 10, by: 1).map { max(1, losses.count * $0 / 10) })
            audit.faultFree = FaultFreeComparison(
                finalLoss: faultFreeLoss, identicalPrefix: identicalPrefix,
                meanLoss: points.sorted().filter { $0 <= min(losses.count, simulated.count) }.map {
                    LossPoint(sequence: UInt64($0), chaos: losses[$0 - 1], faultFree: simulated[$0 - 1].meanLoss)
                })
        }
        return audit
    }

    /// The round the trainer logic and the aggregation rule produce for `round`'s seed and
    /// contributors, from `state` (the model of the preceding committed rounds).
    private static func recomputed(_ round: CommittedRound, run: RunConfig, model: some TrainableModel,
                                   state: ReplayState, trainers: inout [TrainerLogic]) -> CommittedRound {
        var contributions: [RoundContribution] = []
        for id in round.contributors where Int(id) < trainers.count {
            let result = trainers[Int(id)].contribute(model: model, state: state, round: round.round, seed: round.seed)
            contributions.append(RoundContribution(trainer: id, scalars: result.scalars, delta: result.delta,
                                                   baseLoss: result.baseLoss, examples: result.examples))
        }
        guard !contributions.isEmpty else {
            // No valid contributor: nothing to recompute, so the round cannot be right.
            var impossible = round
            impossible.contributors = []
            return impossible
        }
        return RoundAggregate(combining: contributions, rule: run.aggregation)
            .committed(sequence: round.sequence, round: round.round, seed: round.seed, steps: run.zo.steps,
                       perturbations: run.zo.perturbations,
                       learningRate: run.learningRate(sequence: round.sequence))
    }

    /// Equal field by field, floats compared by bits (so -0.0 and 0.0 differ, as they do in a model).
    static func identical(_ a: CommittedRound, _ b: CommittedRound) -> Bool {
        a.sequence == b.sequence && a.round == b.round && a.seed == b.seed && a.steps == b.steps
            && a.perturbations == b.perturbations && a.learningRate.bitPattern == b.learningRate.bitPattern
            && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern) && a.contributors == b.contributors
            && a.meanLoss.bitPattern == b.meanLoss.bitPattern
            && a.dense?.map(\.bitPattern) == b.dense?.map(\.bitPattern)
    }

    private mutating func checkClaims(at sequence: UInt64, state: ReplayState, observations: ChaosObservations) {
        guard let claimed = observations.fingerprints[sequence] else { return }
        let expected = state.fingerprint
        for fingerprint in claimed.sorted() {
            claimsChecked += 1
            if fingerprint != expected {
                claimMismatches.append("sequence \(sequence): a trainer reported \(fingerprint), the replay gives \(expected)")
            }
        }
    }
}
