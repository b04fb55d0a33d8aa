import Foundation

/// One line of `evaluations.jsonl`: the model at `sequence` scored on held-out data.
/// Sequence 0 is the base model, i.e. the zero-shot score. Written by the evaluator role;
/// verification checks `fingerprint` against its replay and selects on the validation fields
/// only; `seedfl report` plots them.
public struct EvaluationRecord: Codable, Sendable, Hashable {
    /// Ledger sequence of the evaluated model (>= 0).
    public var sequence: Int
    /// When the evaluation finished, milliseconds since 1970.
    public var unixMilliseconds: Int64
    /// Loss on the validation split.
    public var validationLoss: Double?
    /// Accuracy on the validation split.
    public var validationAccuracy: Double?
    /// Loss on the test split (absent when the test split was not scored at this sequence).
    public var testLoss: Double?
    /// Accuracy on the test split.
    public var testAccuracy: Double?
    /// Fingerprint of the evaluated model.
    public var fingerprint: String?
    /// Wall time the evaluation took, in seconds.
    public var seconds: Double?

    enum CodingKeys: String, CodingKey {
        case sequence, unixMilliseconds = "unix_ms", validationLoss = "validation_loss"
        case validationAccuracy = "validation_accuracy", testLoss = "test_loss", testAccuracy = "test_accuracy"
        case fingerprint, seconds
    }

    public init(sequence: Int, unixMilliseconds: Int64, validationLoss: Double? = nil, validationAccuracy: Double? = nil,
         testLoss: Double? = nil, testAccuracy: Double? = nil, fingerprint: String? = nil, seconds: Double? = nil) {
        self.seconds = seconds
        self.sequence = sequence
        self.unixMilliseconds = unixMilliseconds
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.fingerprint = fingerprint
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(Int.self, forKey: .sequence)
        guard sequence >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .sequence, in: c, debugDescription: "sequence < 0")
        }
        unixMilliseconds = try c.decode(Int64.self, forKey: .unixMilliseconds)
        validationLoss = try c.decodeIfPresent(Double.self, forKey: .validationLoss)
        validationAccuracy = try c.decodeIfPresent(Double.self, forKey: .validationAccuracy)
        testLoss = try c.decodeIfPresent(Double.self, forKey: .testLoss)
        testAccuracy = try c.decodeIfPresent(Double.self, forKey: .testAccuracy)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
    }
}
