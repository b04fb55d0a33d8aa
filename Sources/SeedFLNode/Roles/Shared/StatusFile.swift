import Foundation

/// A role's `status/<role>.json` in the run directory, replaced atomically (Foundation's
/// `.atomic` writes a temporary file and renames it) so a reader never sees half a file.
public enum StatusFile {
    public static func path(runDirectory: String, role: String) -> String {
        "\(runDirectory)/status/\(role).json"
    }

    /// Writes `object` (a JSON-serialisable dictionary) as the status of `role`.
    public static func write(runDirectory: String, role: String, _ object: [String: Any]) throws {
        let dir = "\(runDirectory)/status"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path(runDirectory: runDirectory, role: role)), options: .atomic)
    }

    /// Reads a status file, or nil when it does not exist or is not a JSON object.
    public static func read(runDirectory: String, role: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path(runDirectory: runDirectory, role: role)) else {
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
