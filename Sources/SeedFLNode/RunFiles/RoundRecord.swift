import Foundation

/// One line of `rounds.jsonl`: a committed round and when the broker committed it (written by
/// the broker after the ledger and the broadcast, read by `seedfl report`).
///
/// `sequence` and `unix_ms` are required (without them the line cannot be placed on any
/// axis); the measured values are optional so that a line missing one still counts for
/// the plots that do not need it.
public struct RoundRecord: Codable, Sendable, Hashable {
    /// Ledger sequence number of the commit (>= 1).
    public var sequence: Int
    /// The round the commit closed.
    public var round: Int?
    /// When the broker committed the round, milliseconds since 1970.
    public var unixMilliseconds: Int64
    /// Mean training loss of the round's contributors.
    public var meanLoss: Double?
    /// The round's step size.
    public var learningRate: Double?
    /// How many trainers contributed.
    public var contributors: Int?

    enum CodingKeys: String, CodingKey {
        case sequence, round, unixMilliseconds = "unix_ms", meanLoss = "mean_loss"
        case learningRate = "learning_rate", contributors
    }

    public init(sequence: Int, round: Int? = nil, unixMilliseconds: Int64, meanLoss: Double? = nil,
         learningRate: Double? = nil, contributors: Int? = nil) {
        self.sequence = sequence
        self.round = round
        self.unixMilliseconds = unixMilliseconds
        self.meanLoss = meanLoss
        self.learningRate = learningRate
        self.contributors = contributors
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(Int.self, forKey: .sequence)
        guard sequence >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .sequence, in: c, debugDescription: "sequence < 1")
        }
        round = try c.decodeIfPresent(Int.self, forKey: .round)
        unixMilliseconds = try c.decode(Int64.self, forKey: .unixMilliseconds)
        meanLoss = try c.decodeIfPresent(Double.self, forKey: .meanLoss)
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate)
        contributors = try c.decodeIfPresent(Int.self, forKey: .contributors)
    }
}
