import Foundation
import SeedFLNode

/// Which ledger sequence `seedfl export` writes: the one asked for, else the one with the best
/// validation score among the evaluator's records, else the last.
public struct CheckpointChoice: Sendable, Equatable {
    /// The sequence to replay to (nil: every committed round).
    public var sequence: UInt64?
    /// The evaluator's fingerprint of that model, when it scored it (the replay must match).
    public var fingerprint: String?
    /// Why this sequence, for people.
    public var reason: String

    /// Reads `<run>/evaluations.jsonl` unless `requested` settles it.
    public static func resolve(runDirectory: String, requested: UInt64?) throws -> CheckpointChoice {
        let records = try JSONLines<EvaluationRecord>.read(RunDirectory(runDirectory).evaluations).records
        if let requested {
            return CheckpointChoice(sequence: requested,
                                    fingerprint: records.first { UInt64($0.sequence) == requested }?.fingerprint,
                                    reason: "requested")
        }
        guard let best = RunVerifier.select(records) else {
            return CheckpointChoice(sequence: nil, fingerprint: nil, reason: "the last round (no validation scores)")
        }
        let accuracy = best.validation.accuracy.map { String(format: "%.3f", $0) } ?? "-"
        return CheckpointChoice(sequence: best.sequence,
                                fingerprint: records.first { UInt64($0.sequence) == best.sequence }?.fingerprint,
                                reason: "best validation accuracy \(accuracy)")
    }
}
