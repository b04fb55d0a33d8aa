import Foundation
import SeedFLNode

/// The parts of `summary.json` (written by `seedfl up`) that the report shows.
///
/// Only `rounds_committed` and `seconds` are required. Every other key is optional and
/// read leniently: a key that is absent, null or of the wrong type is treated as absent,
/// so summaries from older or newer versions of `seedfl up` still give a page with
/// whatever they hold.
struct RunReportSummary: Decodable, Sendable, Hashable {
    /// Rounds in the ledger.
    var roundsCommitted: Int
    /// Wall time of the run, seconds.
    var seconds: Double
    /// Bytes a participating trainer sent per round it contributed to.
    var uplinkBytesPerTrainerPerRound: Double?
    /// Round-protocol bytes a trainer received per committed round.
    var downlinkBytesPerTrainerPerRound: Double?
    /// Trainable dimension d.
    var parameters: Int?
    /// `decomfl`, `fedzo` or `fedmezo`.
    var algorithm: String?
    /// Trainers in the run.
    var clients: Int?
    /// Trainers sampled per round.
    var sample: Int?
    /// Test accuracy of the base model.
    var zeroShotTestAccuracy: Double?
    /// Validation accuracy at the selected sequence.
    var validationAccuracy: Double?
    /// Test accuracy at the selected sequence.
    var testAccuracy: Double?
    /// Test accuracy of the final model.
    var finalAccuracy: Double?
    /// The sequence chosen on validation accuracy.
    var selectedSequence: Int?
    /// Fingerprint over the committed rounds.
    var ledgerFingerprint: String?
    /// The run directory as `seedfl up` saw it.
    var runDirectory: String?

    enum CodingKeys: String, CodingKey {
        case roundsCommitted = "rounds_committed", seconds
        case uplinkBytesPerTrainerPerRound = "uplink_bytes_per_trainer_per_round"
        case downlinkBytesPerTrainerPerRound = "downlink_bytes_per_trainer_per_round"
        case parameters, algorithm, clients, sample
        case zeroShotTestAccuracy = "zero_shot_test_accuracy", validationAccuracy = "validation_accuracy"
        case testAccuracy = "test_accuracy", finalAccuracy = "final_accuracy"
        case selectedSequence = "selected_sequence", ledgerFingerprint = "ledger_fingerprint"
        case runDirectory = "run_dir"
    }

    init(roundsCommitted: Int, seconds: Double) {
        self.roundsCommitted = roundsCommitted
        self.seconds = seconds
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roundsCommitted = try c.decode(Int.self, forKey: .roundsCommitted)
        seconds = try c.decode(Double.self, forKey: .seconds)
        // `try?` on purpose: an optional key of the wrong type is a missing number on the
        // page, not a reason to refuse the whole report.
        uplinkBytesPerTrainerPerRound = try? c.decodeIfPresent(Double.self, forKey: .uplinkBytesPerTrainerPerRound)
        downlinkBytesPerTrainerPerRound = try? c.decodeIfPresent(Double.self, forKey: .downlinkBytesPerTrainerPerRound)
        parameters = try? c.decodeIfPresent(Int.self, forKey: .parameters)
        algorithm = try? c.decodeIfPresent(String.self, forKey: .algorithm)
        clients = try? c.decodeIfPresent(Int.self, forKey: .clients)
        sample = try? c.decodeIfPresent(Int.self, forKey: .sample)
        zeroShotTestAccuracy = try? c.decodeIfPresent(Double.self, forKey: .zeroShotTestAccuracy)
        validationAccuracy = try? c.decodeIfPresent(Double.self, forKey: .validationAccuracy)
        testAccuracy = try? c.decodeIfPresent(Double.self, forKey: .testAccuracy)
        finalAccuracy = try? c.decodeIfPresent(Double.self, forKey: .finalAccuracy)
        selectedSequence = try? c.decodeIfPresent(Int.self, forKey: .selectedSequence)
        ledgerFingerprint = try? c.decodeIfPresent(String.self, forKey: .ledgerFingerprint)
        runDirectory = try? c.decodeIfPresent(String.self, forKey: .runDirectory)
    }

    /// The fraction of rounds a trainer takes part in: `sample / clients`, or 1 when the
    /// summary does not say (every trainer in every round, the upper bound).
    var participation: Double {
        guard let sample, let clients, clients > 0, sample > 0 else { return 1 }
        return min(1, Double(sample) / Double(clients))
    }
}
