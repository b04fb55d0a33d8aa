import Foundation
import SeedFLCore

/// A trainer's local checkpoint: the parameters and optimiser state at an applied
/// sequence number, so a restart replays only the ledger's tail.
///
/// The file holds exactly a ``ModelSnapshot`` (the same bytes a broker serves to lagging
/// trainers). Loading checks the run, the sizes and recomputes the model fingerprint: a
/// stale, foreign or torn file is refused and the trainer replays from the base model instead.
public struct TrainerCheckpoint {
    public var sequence: UInt64
    public var parameters: [Float]
    public var momentum: [Float]

    /// Why a checkpoint was refused (the snapshot's reasons, plus file errors).
    public typealias Invalid = ModelSnapshot.Invalid

    /// Writes atomically (Foundation's `.atomic`: temporary file, then rename).
    public static func write(_ state: ReplayState, runFingerprint: String, to path: String) throws {
        let bytes = ModelSnapshot.encode(state, runFingerprint: runFingerprint).bytes
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
    }

    /// Reads and verifies a checkpoint for a model of `dimension` with `momentumLength`.
    public static func read(from path: String, runFingerprint: String, dimension: Int,
                            momentumLength: Int) throws -> TrainerCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(reason: "no file at \(path)") }
        let s = try ModelSnapshot.decode([UInt8](data), runFingerprint: runFingerprint, dimension: dimension,
                                         momentumLength: momentumLength).snapshot
        return TrainerCheckpoint(sequence: s.sequence, parameters: s.parameters, momentum: s.momentum)
    }
}
