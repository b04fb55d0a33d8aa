import Foundation

/// Where a replaying process finds the private seed shift's secret: the file named by
/// `$SEEDFL_SEED_SECRET_FILE`, readable by its owner only. The secret is the file's UTF-8
/// text without a trailing newline.
///
/// Only trainer-side processes read it: trainers, the evaluator and the operator's own tools
/// (`simulate`, `verify`, `export`, `up`'s verification). `seedfl up` withholds the variable
/// from the broker, forwarder and aggregators, which never need the secret: they handle public
/// seeds and scalars only (see `docs/security.md`).
public enum SeedSecretFile {
    /// The environment variable naming the file.
    public static let environmentVariable = "SEEDFL_SEED_SECRET_FILE"
    /// Longest accepted secret file.
    static let maximumBytes = 4096

    /// Reads the secret from the file `$SEEDFL_SEED_SECRET_FILE` names (or `path`).
    /// - Throws: ``ConfigError`` for field `run.seed_shift` naming the file: unset variable,
    ///   unreadable, readable by others, empty or over 4 KiB.
    public static func load(path: String? = nil) throws(ConfigError) -> String {
        func fail(_ file: String?, _ message: String) -> ConfigError {
            ConfigError(file: file, field: "run.seed_shift", message: message)
        }
        guard let path = path ?? ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty else {
            throw fail(nil, "private needs the trainers' secret: set \(environmentVariable) to a file holding it (mode 0600)")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let data = FileManager.default.contents(atPath: path) else {
            throw fail(path, "cannot read the seed secret file")
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw fail(path, String(format: "has mode %o; the seed secret must not be readable by others (chmod 600)", mode))
        }
        guard data.count <= maximumBytes, var text = String(data: data, encoding: .utf8) else {
            throw fail(path, "is over \(maximumBytes) bytes or not UTF-8")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw fail(path, "is empty") }
        return text
    }
}
