import Foundation
import SeedFLCore

/// A trainer's FedMeZO personalisation state on disk, beside its model checkpoint
/// (`checkpoints/trainer-<id>.personalization.json`), so a restarted trainer picks its
/// personalised learning rate exactly as it would have without the restart.
///
/// The file always holds the newest state, written before the contribution that created it
/// is sent and after every commit that consumed one. That is safe to combine with an older
/// model checkpoint: replaying the commits between the two consumes a pending contribution
/// at most once (``PersonalizationState/committed(_:client:)``), so the replayed trainer
/// ends where the uninterrupted one would.
///
/// A file of another run or another trainer, an oversized one, or one whose signals are out
/// of range is refused; the trainer then starts from an empty state and says why.
public struct PersonalizationFile: Codable, Sendable, Equatable {
    /// The run's configuration fingerprint (``RunConfig/fingerprint``).
    public var run: String
    /// The trainer id the state belongs to.
    public var trainer: UInt32
    /// The signals and the pending contribution.
    public var state: PersonalizationState

    /// Why a file was refused.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { "personalisation file refused: \(reason)" }
    }

    /// Where trainer `id` of a run in `runDirectory` keeps it.
    public static func path(runDirectory: String, trainer id: UInt32) -> String {
        "\(runDirectory)/checkpoints/trainer-\(id).personalization.json"
    }

    /// The largest file accepted for rounds of `maxScalars` scalars (about 30 bytes per
    /// JSON number plus the fixed fields), so a planted file cannot make a trainer load
    /// gigabytes.
    static func maxBytes(maxScalars: Int) -> Int { 4_096 + 32 * maxScalars }

    /// Writes `state` (without any d-sized update) atomically: temporary file, then rename.
    public static func write(_ state: PersonalizationState, run: String, trainer: UInt32, to path: String) throws {
        let file = PersonalizationFile(run: run, trainer: trainer, state: state.savable)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(file).write(to: url, options: .atomic)
    }

    /// Reads and checks the state saved at `path` for `trainer` of run `run`, whose rounds
    /// carry at most `maxScalars` scalars per contribution.
    public static func read(from path: String, run: String, trainer: UInt32,
                            maxScalars: Int) throws -> PersonalizationState {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes(maxScalars: maxScalars) else {
            throw Invalid(reason: "\(size) bytes (at most \(maxBytes(maxScalars: maxScalars)))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(reason: "no file at \(path)") }
        let file: PersonalizationFile
        do { file = try JSONDecoder().decode(PersonalizationFile.self, from: data) } catch {
            throw Invalid(reason: "not a personalisation file (\(error))")
        }
        guard file.run == run else { throw Invalid(reason: "written by another run") }
        guard file.trainer == trainer else { throw Invalid(reason: "written by trainer \(file.trainer)") }
        do { try file.state.validate(maxScalars: maxScalars) } catch { throw Invalid(reason: error.reason) }
        return file.state
    }
}
