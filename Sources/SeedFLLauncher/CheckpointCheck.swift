import SeedFLNode
/// What verification found about the evaluator's work: its fingerprints against the replay,
/// and the checkpoint chosen on the validation split with its test score, recomputed by the
/// replay itself.
public struct CheckpointCheck: Codable, Sendable, Hashable {
    /// Evaluations read from `evaluations.jsonl`.
    public var evaluations: Int
    /// Lines of `evaluations.jsonl` that did not decode.
    public var malformedLines: Int
    /// Evaluations whose model fingerprint differs from the replay's at their sequence (or
    /// name a sequence the ledger does not have).
    public var mismatches: Int
    /// The sequence with the best validation score (nil without a validation split).
    public var selectedSequence: UInt64?
    /// Validation accuracy and loss of the selected sequence, as the evaluator measured them.
    public var validationAccuracy: Double?
    public var validationLoss: Double?
    /// Test accuracy and loss of the model at the selected sequence: the evaluator's score when
    /// its fingerprint is the replay's there, else scored by the replay.
    public var testAccuracy: Double?
    public var testLoss: Double?

    enum CodingKeys: String, CodingKey {
        case evaluations, malformedLines = "malformed_lines", mismatches
        case selectedSequence = "selected_sequence", validationAccuracy = "validation_accuracy"
        case validationLoss = "validation_loss", testAccuracy = "test_accuracy", testLoss = "test_loss"
    }
}
