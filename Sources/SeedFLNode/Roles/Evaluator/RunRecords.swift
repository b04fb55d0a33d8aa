import Foundation

/// One line of `<run>/evaluations.jsonl`: the evaluator's scores of the model at one sequence
/// (0 is the base model). Selection reads only the validation fields.
public struct EvaluationRecord: Codable, Sendable, Equatable {
    /// Ledger position of the evaluated model.
    public var sequence: UInt64
    /// When the evaluation finished, Unix time in milliseconds.
    public var unixMilliseconds: UInt64
    /// Validation loss and accuracy (nil when the run has no validation split).
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Test loss and accuracy, for plots and reports; never used to choose anything.
    public var testLoss: Double
    public var testAccuracy: Double?
    /// `ReplayState.fingerprint` of the evaluated model, so that a replay can confirm it.
    public var fingerprint: String
    /// Wall time the evaluation took.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case sequence, unixMilliseconds = "unix_ms", validationLoss = "validation_loss"
        case validationAccuracy = "validation_accuracy", testLoss = "test_loss", testAccuracy = "test_accuracy"
        case fingerprint, seconds
    }
}

/// One line of `<run>/rounds.jsonl`: a committed round as the evaluator saw it arrive.
public struct RoundRecord: Codable, Sendable, Equatable {
    public var sequence: UInt64
    public var round: UInt64
    /// When the commit was applied by the evaluator, Unix time in milliseconds (for a commit
    /// that came from history, later than its commit).
    public var unixMilliseconds: UInt64
    /// Mean training loss the contributors reported.
    public var meanLoss: Float
    /// The learning rate the ledger holds for the round.
    public var learningRate: Float
    /// Trainers whose scalars were combined.
    public var contributors: Int

    enum CodingKeys: String, CodingKey {
        case sequence, round, unixMilliseconds = "unix_ms", meanLoss = "mean_loss"
        case learningRate = "learning_rate", contributors
    }
}

/// Appends and reads JSON Lines files: one JSON object per line, appended with one `write`.
public enum JSONLines {
    /// Files larger than this are refused when read (a run writes a few hundred bytes a round).
    public static let maximumBytes = 256 << 20

    /// Appends `record` as one line to `path` (created if missing).
    public static func append(_ record: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// The records of `path` that decode, and how many lines did not (a torn last line after a
    /// crash, or a foreign line). A missing file is empty.
    public static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> (records: [T], malformed: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], 0) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes[.size] as? Int, size > maximumBytes {
            throw CocoaError(.fileReadTooLarge, userInfo: [NSFilePathErrorKey: path])
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        var records: [T] = []
        var malformed = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let record = try? decoder.decode(T.self, from: Data(line)) { records.append(record) } else { malformed += 1 }
        }
        return (records, malformed)
    }
}
