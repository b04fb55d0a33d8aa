import Foundation
import SeedFLNode

/// How one trainer's reported model compares with a fresh replay of the ledger.
public struct TrainerCheck: Codable, Sendable, Hashable {
    /// The outcome of one trainer's check.
    public enum Verdict: String, Codable, Sendable {
        /// At the ledger's latest sequence, with the replay's fingerprint.
        case match
        /// Behind the ledger, but with the replay's fingerprint at its own sequence.
        case lagging
        /// A fingerprint the replay does not produce at its sequence (or a sequence the
        /// ledger does not have): the "one model, everywhere" invariant is broken.
        case mismatch
        /// The status file has no `applied_sequence` or `fingerprint` to check.
        case unknown
    }
    /// The trainer's id.
    public var id: Int
    /// The sequence the trainer reported.
    public var appliedSequence: UInt64?
    /// The fingerprint the trainer reported.
    public var fingerprint: String?
    /// The replay's fingerprint at ``appliedSequence`` (nil when it has none).
    public var expected: String?
    /// The outcome.
    public var verdict: Verdict

    enum CodingKeys: String, CodingKey {
        case id, appliedSequence = "applied_sequence", fingerprint, expected, verdict
    }
}

/// What `seedfl verify` found: the ledger, the replayed model, and every trainer checked.
public struct VerificationReport: Codable, Sendable, Hashable, JSONReport {
    /// The run directory verified.
    public var runDirectory: String
    /// Rounds in the ledger.
    public var roundsCommitted: Int
    /// Rounds the broker aborted.
    public var roundsAborted: Int
    /// Sequence number of the last committed round (0: none).
    public var latestSequence: UInt64
    /// ``LedgerFingerprint`` over the committed rounds, in order.
    public var ledgerFingerprint: String
    /// Fingerprint of the base model with every committed round replayed.
    public var modelFingerprint: String
    /// Test loss of the base model.
    public var initialLoss: Double
    /// Test loss of the replayed final model.
    public var finalLoss: Double
    /// Test accuracy of the base and final models, when the model classifies.
    public var initialAccuracy: Double?
    /// See ``initialAccuracy``.
    public var finalAccuracy: Double?
    /// One entry per trainer status file, by id.
    public var trainers: [TrainerCheck]
    /// Trainer ids `0..<clients` that wrote no status file.
    public var missingTrainers: [Int]
    /// The evaluator's fingerprints and the validation-selected checkpoint (nil when the run
    /// has no evaluations).
    public var checkpoint: CheckpointCheck? = nil
    /// The trainable dimension d.
    public var parameters: Int = 0

    /// Trainers whose model differs from the replay.
    public var fingerprintMismatches: Int { trainers.filter { $0.verdict == .mismatch }.count }
    /// Trainers behind the ledger (with a correct model for their sequence).
    public var laggingTrainers: [Int] { trainers.filter { $0.verdict == .lagging }.map(\.id) }
    /// True when no trainer, and no evaluation, holds a model the ledger does not produce.
    public var passed: Bool { fingerprintMismatches == 0 && (checkpoint?.mismatches ?? 0) == 0 }

    enum CodingKeys: String, CodingKey {
        case runDirectory = "run_dir", roundsCommitted = "rounds_committed", roundsAborted = "rounds_aborted"
        case latestSequence = "latest_sequence", ledgerFingerprint = "ledger_fingerprint"
        case modelFingerprint = "model_fingerprint"
        case initialLoss = "initial_loss", finalLoss = "final_loss"
        case initialAccuracy = "initial_accuracy", finalAccuracy = "final_accuracy"
        case trainers, missingTrainers = "missing_trainers", checkpoint, parameters
    }

    private enum DerivedKeys: String, CodingKey {
        case fingerprintMismatches = "fingerprint_mismatches", laggingTrainers = "lagging_trainers", passed
    }

    /// Encodes the stored fields plus the derived verdicts, so a script reading the JSON
    /// does not have to recompute them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runDirectory, forKey: .runDirectory)
        try c.encode(roundsCommitted, forKey: .roundsCommitted)
        try c.encode(roundsAborted, forKey: .roundsAborted)
        try c.encode(latestSequence, forKey: .latestSequence)
        try c.encode(ledgerFingerprint, forKey: .ledgerFingerprint)
        try c.encode(modelFingerprint, forKey: .modelFingerprint)
        try c.encode(initialLoss, forKey: .initialLoss)
        try c.encode(finalLoss, forKey: .finalLoss)
        try c.encodeIfPresent(initialAccuracy, forKey: .initialAccuracy)
        try c.encodeIfPresent(finalAccuracy, forKey: .finalAccuracy)
        try c.encode(trainers, forKey: .trainers)
        try c.encode(missingTrainers, forKey: .missingTrainers)
        try c.encodeIfPresent(checkpoint, forKey: .checkpoint)
        try c.encode(parameters, forKey: .parameters)
        var d = encoder.container(keyedBy: DerivedKeys.self)
        try d.encode(fingerprintMismatches, forKey: .fingerprintMismatches)
        try d.encode(laggingTrainers, forKey: .laggingTrainers)
        try d.encode(passed, forKey: .passed)
    }

    /// A few lines for people.
    public var humanReadable: String {
        var lines = [
            "ledger: \(roundsCommitted) rounds committed, \(roundsAborted) aborted, fingerprint \(ledgerFingerprint)",
            "replayed model: \(modelFingerprint)",
            "test loss \(Self.format(initialLoss)) -> \(Self.format(finalLoss))",
        ]
        if let a = initialAccuracy, let b = finalAccuracy {
            lines.append("test accuracy \(Self.format(a, digits: 3)) -> \(Self.format(b, digits: 3))")
        }
        for t in trainers {
            let at = t.appliedSequence.map { "sequence \($0)" } ?? "no sequence"
            lines.append("trainer \(t.id): \(t.verdict.rawValue) at \(at)"
                         + (t.verdict == .mismatch ? " (has \(t.fingerprint ?? "none"), replay \(t.expected ?? "none"))" : ""))
        }
        if !missingTrainers.isEmpty { lines.append("no status from trainers \(missingTrainers)") }
        if let c = checkpoint {
            lines.append("evaluations: \(c.evaluations) checked against the replay, \(c.mismatches) mismatch(es)")
            if let s = c.selectedSequence {
                lines.append("selected on validation: sequence \(s), validation accuracy "
                             + "\(c.validationAccuracy.map { Self.format($0, digits: 3) } ?? "-"), test accuracy "
                             + "\(c.testAccuracy.map { Self.format($0, digits: 3) } ?? "-")")
            }
        }
        lines.append(passed ? "OK: every trainer and evaluation holds the model the ledger determines"
                            : "FAILED: \(fingerprintMismatches) trainer(s) and \(checkpoint?.mismatches ?? 0) evaluation(s) "
                              + "hold a model the ledger does not produce")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, digits: Int = 4) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }
}
