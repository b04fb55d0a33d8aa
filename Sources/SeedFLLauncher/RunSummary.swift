import Foundation
import SeedFLNode

/// What `seedfl up` writes to `<run dir>/summary.json` (and prints with `--json`): the
/// verification of the ledger and trainers plus the traffic the roles counted at their
/// sockets.
public struct RunSummary: Codable, Sendable, Hashable, JSONReport {
    /// The run directory.
    public var runDirectory: String
    /// Rounds in the ledger.
    public var roundsCommitted: Int
    /// Rounds the broker aborted.
    public var roundsAborted: Int
    /// ``LedgerFingerprint`` over the committed rounds.
    public var ledgerFingerprint: String
    /// Fingerprint of the replayed final model.
    public var modelFingerprint: String
    /// Trainer id (as a string: JSON keys) -> fingerprint, for trainers at the final sequence.
    public var trainerFingerprints: [String: String]
    /// Test loss of the base model.
    public var initialLoss: Double
    /// Test loss of the replayed final model.
    public var finalLoss: Double
    /// Test accuracy of the base model (nil when the model does not classify).
    public var initialAccuracy: Double?
    /// Test accuracy of the replayed final model (nil when the model does not classify).
    public var finalAccuracy: Double?
    /// Role -> bytes sent and received at its sockets.
    public var wireBytes: [String: WireBytes]
    /// CONTRIBUTION bytes of all trainers / rounds they contributed to (0 when none).
    public var uplinkBytesPerTrainerPerRound: Double
    /// Round-protocol bytes trainers received on the broadcast (ROUND_OPEN, commits, aborts), averaged over trainers, / rounds committed (0 when none).
    public var downlinkBytesPerTrainerPerRound: Double
    /// Trainers whose model differs from the replay.
    public var fingerprintMismatches: Int
    /// Trainers behind the ledger at the end (with a correct model for their sequence).
    public var laggingTrainers: [Int]
    /// Trainers whose process died during the run.
    public var deadTrainers: [String]
    /// Dropped messages of every role, summed per reason.
    public var drops: [String: Int]
    /// Wall time of `seedfl up`, start to summary.
    public var seconds: Double
    /// The run's algorithm, trainers M, sampled per round m, and trainable dimension d.
    public var algorithm: String?
    public var clients: Int?
    public var sample: Int?
    public var parameters: Int
    /// Test accuracy of the base model (the zero-shot score of a language model).
    public var zeroShotTestAccuracy: Double?
    /// The sequence chosen on the validation split (nil without a validation split).
    public var selectedSequence: UInt64?
    /// Validation accuracy of the selected sequence.
    public var validationAccuracy: Double?
    /// Test accuracy of the selected sequence, recomputed by the verification's replay.
    public var testAccuracy: Double?
    /// Evaluations checked against the replay, and those whose model differed.
    public var evaluationsChecked: Int
    public var evaluationMismatches: Int
    /// Role -> peak resident memory in bytes: the process's own high-water mark (`VmHWM`),
    /// read while it ran (`ChildProcess`); `wait4`'s `ru_maxrss`, which also counts the
    /// launcher's pages shared until exec, only for a process that ended before any reading.
    public var peakResidentBytes: [String: Int]
    /// Role (process) -> CPU seconds it used, user + system (`wait4`), start-up included.
    public var cpuSeconds: [String: Double]
    /// The largest trainer process's peak memory divided by the trainers it ran: what one
    /// more trainer costs a host (one per process, or a `trainers_per_process` group's share).
    public var peakResidentBytesPerTrainer: Int?
    /// No trainer holds a model the ledger does not produce.
    public var passed: Bool

    enum CodingKeys: String, CodingKey {
        case runDirectory = "run_dir", roundsCommitted = "rounds_committed", roundsAborted = "rounds_aborted"
        case ledgerFingerprint = "ledger_fingerprint", modelFingerprint = "model_fingerprint"
        case trainerFingerprints = "trainer_fingerprints"
        case initialLoss = "initial_loss", finalLoss = "final_loss"
        case initialAccuracy = "initial_accuracy", finalAccuracy = "final_accuracy"
        case wireBytes = "wire_bytes"
        case uplinkBytesPerTrainerPerRound = "uplink_bytes_per_trainer_per_round"
        case downlinkBytesPerTrainerPerRound = "downlink_bytes_per_trainer_per_round"
        case fingerprintMismatches = "fingerprint_mismatches", laggingTrainers = "lagging_trainers"
        case deadTrainers = "dead_trainers", drops, seconds, passed
        case algorithm, clients, sample, parameters
        case zeroShotTestAccuracy = "zero_shot_test_accuracy", selectedSequence = "selected_sequence"
        case validationAccuracy = "validation_accuracy", testAccuracy = "test_accuracy"
        case evaluationsChecked = "evaluations_checked", evaluationMismatches = "evaluation_mismatches"
        case peakResidentBytes = "peak_rss_bytes", cpuSeconds = "cpu_seconds"
        case peakResidentBytesPerTrainer = "peak_rss_bytes_per_trainer"
    }

    /// Combines a verification with the final status files.
    public init(verification v: VerificationReport, status: RunStatus, deadTrainers: [String] = [], seconds: Double,
                run: RunConfig? = nil, peakResidentBytes: [String: Int] = [:], cpuSeconds: [String: Double] = [:],
                trainersPerProcess: [String: Int] = [:]) {
        self.peakResidentBytes = peakResidentBytes
        self.cpuSeconds = cpuSeconds
        peakResidentBytesPerTrainer = peakResidentBytes.compactMap { name, bytes in
            trainersPerProcess[name].map { bytes / max(1, $0) }
        }.max()
        runDirectory = v.runDirectory
        roundsCommitted = v.roundsCommitted
        roundsAborted = v.roundsAborted
        ledgerFingerprint = v.ledgerFingerprint
        modelFingerprint = v.modelFingerprint
        trainerFingerprints = Dictionary(uniqueKeysWithValues: v.trainers.compactMap { t in
            t.appliedSequence == v.latestSequence ? t.fingerprint.map { (String(t.id), $0) } : nil
        })
        initialLoss = v.initialLoss
        finalLoss = v.finalLoss
        initialAccuracy = v.initialAccuracy
        finalAccuracy = v.finalAccuracy
        wireBytes = status.wireBytes
        let trainers = Array(status.trainers.values)
        let contributed = trainers.reduce(0) { $0 + ($1.roundsContributed ?? 0) }
        let uplink = trainers.reduce(0) { $0 + ($1.contributionBytes ?? 0) }
        uplinkBytesPerTrainerPerRound = contributed > 0 ? Double(uplink) / Double(contributed) : 0
        // The round protocol only: heartbeats scale with wall time, not with rounds, and are
        // reported in wire_bytes with everything else counted at the sockets.
        let received = trainers.reduce(0) { $0 + ($1.roundBytesReceived ?? 0) }
        downlinkBytesPerTrainerPerRound = trainers.isEmpty || v.roundsCommitted == 0
            ? 0 : Double(received) / Double(trainers.count) / Double(v.roundsCommitted)
        fingerprintMismatches = v.fingerprintMismatches
        laggingTrainers = v.laggingTrainers
        self.deadTrainers = deadTrainers
        drops = status.drops
        self.seconds = seconds
        passed = v.passed
        algorithm = run?.algorithm.rawValue
        clients = run?.clients
        sample = run?.sample
        parameters = v.parameters
        zeroShotTestAccuracy = v.initialAccuracy
        selectedSequence = v.checkpoint?.selectedSequence
        validationAccuracy = v.checkpoint?.validationAccuracy
        testAccuracy = v.checkpoint?.testAccuracy
        evaluationsChecked = v.checkpoint?.evaluations ?? 0
        evaluationMismatches = v.checkpoint?.mismatches ?? 0
    }

    /// A few lines for people.
    public var humanReadable: String {
        var lines = ["run \(runDirectory): \(roundsCommitted) rounds committed, \(roundsAborted) aborted in "
                     + String(format: "%.1f s", seconds)]
        lines.append("test loss \(VerificationReport.format(initialLoss)) -> \(VerificationReport.format(finalLoss))")
        if let a = initialAccuracy, let b = finalAccuracy {
            lines.append("test accuracy \(VerificationReport.format(a, digits: 3)) -> \(VerificationReport.format(b, digits: 3))"
                         + " (last round)")
        }
        if let s = selectedSequence {
            lines.append("selected on validation: sequence \(s), validation accuracy "
                         + "\(validationAccuracy.map { VerificationReport.format($0, digits: 3) } ?? "-"), test accuracy "
                         + "\(testAccuracy.map { VerificationReport.format($0, digits: 3) } ?? "-")")
        }
        if let largest = peakResidentBytes.max(by: { $0.value < $1.value }) {
            lines.append(String(format: "peak memory: %.1f MB per trainer, %.0f MB largest process (%@)",
                                Double(peakResidentBytesPerTrainer ?? 0) / 1e6, Double(largest.value) / 1e6, largest.key))
        }
        if let broker = cpuSeconds["broker"], roundsCommitted > 0 {
            lines.append(String(format: "broker CPU: %.2f s in all, %.2f ms per round", broker,
                                broker * 1000 / Double(roundsCommitted)))
        }
        if evaluationsChecked > 0 {
            lines.append("evaluator: \(evaluationsChecked) evaluations, \(evaluationMismatches) fingerprint mismatch(es)")
        }
        lines.append(String(format: "per trainer per round: %.0f B up, %.0f B down",
                            uplinkBytesPerTrainerPerRound, downlinkBytesPerTrainerPerRound))
        let trainerBytes = wireBytes.filter { $0.key.hasPrefix("trainer-") }.map(\.value)
        if !trainerBytes.isEmpty {
            let n = Double(trainerBytes.count)
            lines.append("per trainer, whole run (at the sockets, heartbeats included): "
                         + "\(ByteCount.format(Double(trainerBytes.reduce(0) { $0 + $1.sent }) / n)) up, "
                         + "\(ByteCount.format(Double(trainerBytes.reduce(0) { $0 + $1.received }) / n)) down")
        }
        lines.append("ledger \(ledgerFingerprint)")
        lines.append("model \(modelFingerprint): \(trainerFingerprints.count) trainer(s) at the final sequence"
                     + (laggingTrainers.isEmpty ? "" : ", lagging \(laggingTrainers)"))
        if !deadTrainers.isEmpty { lines.append("trainers that died: \(deadTrainers.joined(separator: ", "))") }
        if !drops.isEmpty {
            lines.append("drops: " + drops.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append(passed ? "OK: every trainer and evaluation holds the model the ledger determines"
                            : "FAILED: \(fingerprintMismatches + evaluationMismatches) fingerprint mismatch(es)")
        return lines.joined(separator: "\n")
    }
}
