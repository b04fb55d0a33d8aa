import Foundation
import SeedFLCore
import SeedFLWire

/// Runs a whole federated run in one process, with the same code the distributed roles
/// use: ``RoundPlan`` for the broker's choices, ``TrainerLogic`` for trainers,
/// ``RoundAggregate`` for the aggregator, ``ReplayState`` for applying commits, and the
/// real wire encodings for byte counts.
///
/// Every trainer applies every commit, so all trainers hold the same parameters; the
/// simulator keeps that one shared ``ReplayState`` (the distributed tests check the
/// invariant across real processes).
public struct Simulator {
    public let run: RunConfig
    public let prepared: PreparedModel
    /// Called after each round with a progress line (every `progressEvery` rounds).
    public var progress: ((String) -> Void)?
    public var progressEvery: Int
    /// Trainers that corrupt what they send, exactly as a distributed run's would.
    public let byzantine: ByzantinePlan

    public init(run: RunConfig, prepared: PreparedModel, byzantine: ByzantinePlan = .none, progressEvery: Int = 10,
                progress: ((String) -> Void)? = nil) {
        self.run = run
        self.byzantine = byzantine
        self.prepared = prepared
        self.progress = progress
        self.progressEvery = max(1, progressEvery)
    }

    /// The committed rounds of the last `run()`, in order.
    public private(set) var ledger: [CommittedRound] = []

    public mutating func simulate() throws -> SimulationReport {
        let start = Date()
        let model = prepared.model
        let runID = run.seed
        var state = ReplayState(base: model.initialParameters(), optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        var trainers = try (0..<run.clients).map { try TrainerLogic(id: UInt32($0), run: run, shard: prepared.shards[$0]) }
        let everyone = (0..<run.clients).map { UInt32($0) }
        var uplink = [Int](repeating: 0, count: run.clients)
        var downlink = 0
        var upPerRound = 0, downPerRound = 0
        var fingerprint = LedgerFingerprint()
        ledger = []

        let initial = model.evaluate(at: state.parameters, examples: prepared.testExamples)
        var latest = initial
        // Checkpoint selection on the validation split only; the test split is just reported.
        var selection = CheckpointSelection()
        var latestValidation: Evaluation?
        var curve: [SimulationReport.CurvePoint] = []
        var trainLossSum = 0.0, trainLossRounds = 0
        if !prepared.validationExamples.isEmpty {
            let v = model.evaluate(at: state.parameters, examples: prepared.validationExamples)
            latestValidation = v
            selection.consider(sequence: 0, validation: v, test: initial)
        }
        var boundDrops = 0
        var screen = run.makeScreen()
        var attackers: [Int: ByzantineTrainer] = [:]
        for id in 0..<run.clients {
            if let kind = byzantine.kind(of: id) { attackers[id] = ByzantineTrainer(kind: kind, trainer: UInt32(id), runSeed: run.seed) }
        }
        // The frames as the distributed roles send them: brief forms where they apply.
        let binding = run.runBinding(roundTimeoutMilliseconds: 0, runID: runID)
        for r in stride(from: 1, through: run.rounds, by: 1) {
            let round = UInt64(r)
            let seed = RoundPlan.seed(runSeed: run.seed, round: round, pool: run.zo.optimizer.seedPool)
            let participants = RoundPlan.participants(runSeed: run.seed, round: round, candidates: everyone,
                                                      count: run.sample)
            let open = WireMapping.roundOpen(runID: runID, round: round, seed: seed, run: run,
                                             participants: participants, deadline: 0,
                                             baseSequence: UInt64(ledger.count))
            var contributions: [RoundContribution] = []
            for id in participants {
                var result = trainers[Int(id)].contribute(model: model, state: state, round: round, seed: seed)
                if let b = attackers[Int(id)]?.corrupt(result, round: round) { result = b }
                let bytes = WireMapping.contribution(runID: runID, round: round, baseSequence: UInt64(ledger.count),
                                                     trainer: id, nonce: 0, run: run,
                                                     result: result).encode(binding: binding).count
                uplink[Int(id)] += bytes
                upPerRound = bytes
                // As an aggregator does: a value beyond the bound drops the whole contribution.
                guard run.withinScalarBound(result.delta ?? result.scalars) else { boundDrops += 1; continue }
                contributions.append(RoundContribution(trainer: id, scalars: result.scalars, delta: result.delta,
                                                       baseLoss: result.baseLoss, examples: result.examples))
            }
            // Every contribution out of bounds: a distributed run aborts such a round (no
            // quorum) and opens the next; here the round commits nothing either.
            if contributions.isEmpty { continue }
            let aggregate = RoundAggregate(combining: contributions, rule: run.aggregation, screen: screen)
            screen?.record(contributions.sorted { $0.trainer < $1.trainer }.map { ($0.trainer, $0.delta ?? $0.scalars) },
                           rule: run.aggregation)
            let commit = aggregate.committed(sequence: UInt64(ledger.count + 1), round: round, seed: seed,
                                             steps: run.zo.steps, perturbations: run.zo.perturbations,
                                             learningRate: run.learningRate(sequence: UInt64(ledger.count + 1)))
            try state.apply(commit)
            for i in trainers.indices { trainers[i].observe(commit) }
            ledger.append(commit)
            fingerprint.add(commit)
            downPerRound = open.encode(binding: binding).count
                + WireMapping.commit(runID: runID, commit).encode(binding: binding).count
            downlink += downPerRound
            trainLossSum += Double(commit.meanLoss)
            trainLossRounds += 1

            let evaluate = r == run.rounds || (run.evalEvery > 0 && r % run.evalEvery == 0)
            if evaluate {
                latest = model.evaluate(at: state.parameters, examples: prepared.testExamples)
                var v: Evaluation?
                if !prepared.validationExamples.isEmpty {
                    let validation = model.evaluate(at: state.parameters, examples: prepared.validationExamples)
                    v = validation
                    latestValidation = validation
                    selection.consider(sequence: commit.sequence, validation: validation, test: latest)
                }
                let scored = !prepared.testExamples.isEmpty
                curve.append(.init(round: r, seconds: Date().timeIntervalSince(start),
                                   trainLoss: trainLossSum / Double(trainLossRounds),
                                   testLoss: scored ? latest.loss : nil, testAccuracy: scored ? latest.accuracy : nil,
                                   validationLoss: v?.loss, validationAccuracy: v?.accuracy))
                trainLossSum = 0
                trainLossRounds = 0
            }
            if let progress, r % progressEvery == 0 || r == run.rounds {
                let elapsed = Date().timeIntervalSince(start)
                var line = String(format: "round %d/%d  train loss %.4f", r, run.rounds, Double(commit.meanLoss))
                if let v = latestValidation, let a = v.accuracy { line += String(format: "  val acc %.3f", a) }
                if !prepared.testExamples.isEmpty {
                    line += String(format: "  test loss %.4f", latest.loss)
                    if let a = latest.accuracy { line += String(format: "  test acc %.3f", a) }
                }
                line += String(format: "  %.1f rounds/s  up %@/client  down %@/client", Double(r) / max(elapsed, 1e-9),
                               ByteCount.format(Double(uplink.reduce(0, +)) / Double(run.clients)),
                               ByteCount.format(Double(downlink)))
                progress(line)
            }
        }
        var report = SimulationReport(
            algorithm: run.algorithm.rawValue, model: prepared.summary, rounds: run.rounds,
            parameters: model.space.dimension, clients: run.clients, sample: run.sample,
            initialLoss: initial.loss, finalLoss: latest.loss,
            initialAccuracy: initial.accuracy, finalAccuracy: latest.accuracy,
            uplinkBytesPerClient: Double(uplink.reduce(0, +)) / Double(run.clients),
            downlinkBytesPerClient: Double(downlink),
            uplinkBytesPerParticipantPerRound: upPerRound, downlinkBytesPerTrainerPerRound: downPerRound,
            fingerprint: state.fingerprint, ledgerFingerprint: fingerprint.hex,
            seconds: Date().timeIntervalSince(start),
            selectedSequence: selection.best.map { Int($0.sequence) },
            validationAccuracy: selection.best?.validation.accuracy,
            selectedTestAccuracy: selection.best?.test?.accuracy, curve: curve)
        report.roundsCommitted = ledger.count
        report.outOfBoundsDrops = boundDrops
        report.screenedContributions = screen?.leftOut ?? 0
        report.distrustedTrainers = screen?.distrusted ?? []
        return report
    }
}

/// Human-readable byte counts (powers of 1024).
public enum ByteCount {
    public static func format(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = bytes
        var i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? String(format: "%.0f %@", v, units[i]) : String(format: "%.1f %@", v, units[i])
    }
}
