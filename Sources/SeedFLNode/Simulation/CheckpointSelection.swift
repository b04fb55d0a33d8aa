import SeedFLCore

/// Chooses the checkpoint to keep from evaluations on the validation split.
///
/// The best is the highest validation accuracy; ties go to the lower validation loss, then to
/// the earlier sequence (fewer rounds to replay, and no preference for noise that arrived
/// later). Models without accuracy compare by loss alone. The test evaluation rides along so
/// that it can be reported for the chosen sequence; it never takes part in the choice.
public struct CheckpointSelection: Sendable {
    /// One evaluated sequence.
    public struct Candidate: Sendable, Equatable {
        public var sequence: UInt64
        public var validation: Evaluation
        public var test: Evaluation?
    }

    /// The best candidate so far.
    public private(set) var best: Candidate?

    public init() {}

    /// Considers the model at `sequence`.
    public mutating func consider(sequence: UInt64, validation: Evaluation, test: Evaluation?) {
        let candidate = Candidate(sequence: sequence, validation: validation, test: test)
        guard let current = best else { best = candidate; return }
        if Self.isBetter(candidate, than: current) { best = candidate }
    }

    static func isBetter(_ a: Candidate, than b: Candidate) -> Bool {
        let accuracyA = a.validation.accuracy ?? 0, accuracyB = b.validation.accuracy ?? 0
        if accuracyA != accuracyB { return accuracyA > accuracyB }
        if a.validation.loss != b.validation.loss { return a.validation.loss < b.validation.loss }
        return a.sequence < b.sequence
    }
}
