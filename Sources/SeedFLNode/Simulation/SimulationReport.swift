/// The result of `seedfl simulate`, printed as one JSON object with `--json`.
public struct SimulationReport: Codable, Sendable, Equatable {
    public var algorithm: String
    public var model: String
    public var rounds: Int
    public var parameters: Int
    public var clients: Int
    public var sample: Int
    public var initialLoss: Double
    public var finalLoss: Double
    public var initialAccuracy: Double?
    public var finalAccuracy: Double?
    /// Total bytes each client uploaded over the run, averaged over clients.
    public var uplinkBytesPerClient: Double
    /// Total bytes each client downloaded over the run, averaged over clients.
    public var downlinkBytesPerClient: Double
    /// Bytes one sampled trainer uploads in one round.
    public var uplinkBytesPerParticipantPerRound: Int
    /// Bytes every trainer downloads per round (round open + commit broadcast).
    public var downlinkBytesPerTrainerPerRound: Int
    /// Fingerprint of the final trainable parameters (and optimiser state).
    public var fingerprint: String
    /// Fingerprint of the committed rounds.
    public var ledgerFingerprint: String
    public var seconds: Double
    /// The sequence chosen on the validation split (nil without one; 0 is the base model).
    public var selectedSequence: Int?
    /// Validation accuracy of the selected sequence.
    public var validationAccuracy: Double?
    /// Test accuracy of the selected sequence (reported, never used to choose).
    public var selectedTestAccuracy: Double?
    /// Every `eval_every` rounds and at the last: the curve behind the final figures.
    public var curve: [CurvePoint] = []
    /// Rounds in the ledger: `rounds`, less any round whose every contribution broke `scalar_bound`.
    public var roundsCommitted: Int = 0
    /// Contributions dropped for breaking `scalar_bound`.
    public var outOfBoundsDrops: Int = 0
    /// Contributions whose values the agreement screen left out (`run.screen_after`), and
    /// the trainers it distrusted at the end.
    public var screenedContributions: Int = 0
    public var distrustedTrainers: [UInt32] = []

    /// One evaluation point of ``curve``.
    public struct CurvePoint: Codable, Sendable, Equatable {
        /// Rounds committed so far.
        public var round: Int
        /// Seconds since the simulation started (evaluations included).
        public var seconds: Double
        /// Mean of the rounds' training losses (each the mean over its contributors) since
        /// the previous point: the smoothed training loss.
        public var trainLoss: Double
        /// Loss and accuracy on the test split (nil with `--skip-test`).
        public var testLoss: Double?
        public var testAccuracy: Double?
        /// Loss and accuracy on the validation split (nil without one).
        public var validationLoss: Double?
        public var validationAccuracy: Double?

        enum CodingKeys: String, CodingKey {
            case round, seconds, trainLoss = "train_loss", testLoss = "test_loss", testAccuracy = "test_accuracy"
            case validationLoss = "validation_loss", validationAccuracy = "validation_accuracy"
        }
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, model, rounds, parameters, clients, sample
        case initialLoss = "initial_loss", finalLoss = "final_loss"
        case initialAccuracy = "initial_accuracy", finalAccuracy = "final_accuracy"
        case uplinkBytesPerClient = "uplink_bytes_per_client", downlinkBytesPerClient = "downlink_bytes_per_client"
        case uplinkBytesPerParticipantPerRound = "uplink_bytes_per_participant_per_round"
        case downlinkBytesPerTrainerPerRound = "downlink_bytes_per_trainer_per_round"
        case fingerprint, ledgerFingerprint = "ledger_fingerprint", seconds
        case roundsCommitted = "rounds_committed", outOfBoundsDrops = "out_of_bounds_drops"
        case screenedContributions = "screened_contributions", distrustedTrainers = "distrusted_trainers"
        case selectedSequence = "selected_sequence", validationAccuracy = "validation_accuracy"
        case selectedTestAccuracy = "selected_test_accuracy", curve
    }
}
