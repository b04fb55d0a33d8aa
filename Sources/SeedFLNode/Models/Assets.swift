import Foundation

/// Locates fetched assets (`Scripts/fetch-assets.sh` puts them there).
///
/// `$SEEDFL_ASSETS`, when set, is the only place looked at. Otherwise the first of
/// `./assets` and an `assets` folder beside any ancestor of the running executable
/// (so `.build/release/seedfl` finds the repository's copy from any working directory)
/// that actually holds the requested file.
public enum Assets {
    /// Candidate asset roots, in search order.
    public static func roots() -> [String] {
        if let env = ProcessInfo.processInfo.environment["SEEDFL_ASSETS"], !env.isEmpty { return [env] }
        var out = ["assets"]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            out.append(dir.appendingPathComponent("assets").path)
            dir = dir.deletingLastPathComponent()
        }
        return out
    }

    /// Path of an asset given relative to the assets root, or `explicit` when non-empty.
    /// When no root holds the file, the first root's path is returned so the caller's
    /// error names where the file was expected.
    public static func path(_ relative: String, explicit: String = "") -> String {
        if !explicit.isEmpty { return explicit }
        let candidates = roots().map { $0 + "/" + relative }
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }
}
