import Foundation
import SeedFLCore
import SeedFLStore
import SeedFLNode

/// Checks a run directory against the "one model, everywhere" invariant: replays the
/// ledger from the base model and compares every trainer's reported fingerprint with the
/// replay's at that trainer's sequence.
///
/// Read-only: the ledger is opened with `Ledger(readOnlyAt:)`, so it can run next to a
/// live broker (it then checks the state at the moment it opened the ledger).
public struct RunVerifier: Sendable {
    /// The run directory checked.
    public let directory: RunDirectory
    /// Rounds read from the ledger per query: bounds memory for long (or dense) runs.
    public var pageSize = 256

    /// A verifier of the run in `runDirectory` (nothing is read until ``verify()``).
    public init(runDirectory: String) { self.directory = RunDirectory(runDirectory) }

    /// Why verification could not run at all (as opposed to finding a mismatch).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What was being read or computed.
        public var stage: String
        /// Why it failed.
        public var message: String
        /// "cannot verify (stage): message".
        public var description: String { "cannot verify (\(stage)): \(message)" }
    }

    /// Replays the ledger and checks every trainer status.
    ///
    /// A mismatch is a finding in the report (``VerificationReport/passed`` is false), not an
    /// error; this throws ``Failure`` only when the check cannot be made (no topology, no
    /// ledger, a model that cannot be built, or a ledger round that cannot be applied).
    public func verify() throws -> VerificationReport {
        let topology: TopologyFile
        let prepared: PreparedModel
        do {
            // Verification runs alone once the roles have stopped: use every core.
            (topology, prepared) = try RunReplay.prepare(runDirectory: directory.path,
                                                         blasThreads: Slices.defaultThreads)
        } catch let failure as RunReplay.Failure {
            throw Failure(stage: failure.stage, message: failure.message)
        }
        let run = topology.run
        let status = RunStatus.read(directory: directory.status)
        let trainerStatuses = status.trainers
        let evaluations: JSONLines<EvaluationRecord>
        do { evaluations = try JSONLines<EvaluationRecord>.read(directory.evaluations) } catch {
            throw Failure(stage: "evaluations", message: "\(directory.evaluations): \(error)")
        }
        let selected = Self.select(evaluations.records)
        // Sequences at which some trainer's or evaluation's model must be fingerprinted (0 is the base model).
        let wanted = Set(trainerStatuses.values.compactMap(\.appliedSequence) + evaluations.records.map { UInt64($0.sequence) })

        let model = prepared.model
        // A test score the evaluator already measured is reused when its model is the replay's
        // (same fingerprint): the same model scored by the same code. Otherwise the replay
        // scores it here.
        func testScore(_ replayed: ReplayState) -> Evaluation {
            if let r = evaluations.records.last(where: { UInt64($0.sequence) == replayed.appliedSequence }),
               r.fingerprint == replayed.fingerprint, let loss = r.testLoss {
                return Evaluation(loss: loss, accuracy: r.testAccuracy, examples: prepared.testExamples.count)
            }
            return model.evaluate(at: replayed.parameters, examples: prepared.testExamples)
        }
        var state = ReplayState(base: model.initialParameters(), optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        var expected: [UInt64: String] = [:]
        if wanted.contains(0) { expected[0] = state.fingerprint }
        let initial = testScore(state)
        var selectedTest = selected?.sequence == 0 ? initial : nil

        var ledgerFingerprint = LedgerFingerprint()
        let aborted: Int
        do {
            aborted = try RunReplay.apply(ledgerOf: directory.path, to: &state, pageSize: pageSize) { round, replayed in
                ledgerFingerprint.add(round)
                if wanted.contains(round.sequence) { expected[round.sequence] = replayed.fingerprint }
                if round.sequence == selected?.sequence {
                    selectedTest = testScore(replayed)
                }
            }
        } catch let failure as RunReplay.Failure {
            throw Failure(stage: failure.stage, message: failure.message)
        }
        let final = testScore(state)
        let latest = state.appliedSequence

        let checks = trainerStatuses.sorted { $0.key < $1.key }.map { id, s -> TrainerCheck in
            let want = s.appliedSequence.flatMap { expected[$0] }
            let verdict: TrainerCheck.Verdict
            if s.appliedSequence == nil || s.fingerprint == nil {
                verdict = .unknown
            } else if s.fingerprint != want {
                verdict = .mismatch // Includes a sequence beyond the ledger: no replay produces it.
            } else {
                verdict = s.appliedSequence == latest ? .match : .lagging
            }
            return TrainerCheck(id: id, appliedSequence: s.appliedSequence, fingerprint: s.fingerprint,
                                expected: want, verdict: verdict)
        }
        var checkpoint: CheckpointCheck?
        if !evaluations.records.isEmpty || evaluations.malformed > 0 {
            checkpoint = CheckpointCheck(
                evaluations: evaluations.records.count, malformedLines: evaluations.malformed,
                mismatches: evaluations.records.filter { r in
                    r.fingerprint == nil || expected[UInt64(r.sequence)] != r.fingerprint
                }.count,
                selectedSequence: selected?.sequence, validationAccuracy: selected?.validation.accuracy,
                validationLoss: selected?.validation.loss, testAccuracy: selectedTest?.accuracy, testLoss: selectedTest?.loss)
        }
        return VerificationReport(
            runDirectory: directory.path, roundsCommitted: ledgerFingerprint.rounds, roundsAborted: aborted,
            latestSequence: latest, ledgerFingerprint: ledgerFingerprint.hex, modelFingerprint: state.fingerprint,
            initialLoss: initial.loss, finalLoss: final.loss,
            initialAccuracy: initial.accuracy, finalAccuracy: final.accuracy,
            trainers: checks, missingTrainers: (0..<run.clients).filter { trainerStatuses[$0] == nil },
            checkpoint: checkpoint, parameters: model.space.dimension)
    }

    /// The evaluation with the best validation score (``CheckpointSelection``), nil when no
    /// evaluation has a validation score.
    static func select(_ records: [EvaluationRecord]) -> CheckpointSelection.Candidate? {
        var selection = CheckpointSelection()
        for r in records {
            guard let loss = r.validationLoss else { continue }
            selection.consider(sequence: UInt64(r.sequence), validation: Evaluation(loss: loss, accuracy: r.validationAccuracy, examples: 0),
                               test: nil)
        }
        return selection.best
    }
}
