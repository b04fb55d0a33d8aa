import Foundation
import Logging
import SeedFLCore

/// Writes each event as one line to standard error, in the form ``LogSettings`` says:
///
///     [trainer 3] warning: broker silent for 2.0 s; waiting for it to come back
///     {"time":"2026-12-03T22:53:17.399Z","level":"warning","role":"trainer","id":"3","message":"broker silent ..."}
///
/// One `write(2)` per line, so lines of several threads (a trainer group's trainers) never
/// mix; a newline inside a message is written as `\n`, so an event is always one line.
struct RoleLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    /// Filtering is the settings' (``LogSettings/current``); this level only satisfies the protocol.
    var logLevel: Logger.Level = .trace

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let settings = LogSettings.current
        guard event.level >= settings.level else { return }
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let line = switch settings.format {
        case .text: Self.text(level: event.level, message: "\(event.message)", metadata: all)
        case .json: Self.json(level: event.level, message: "\(event.message)", metadata: all, time: Date())
        }
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func text(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        let role = metadata["role"].map { "\($0)" } ?? "seedfl"
        let prefix = metadata["id"].map { "[\(role) \($0)]" } ?? "[\(role)]"
        let tag = switch level {
        case .trace, .debug: "debug: "
        case .info, .notice: ""
        case .warning: "warning: "
        case .error, .critical: "error: "
        }
        return "\(prefix) \(tag)\(message.replacingOccurrences(of: "\n", with: "\\n"))"
    }

    static func json(level: Logger.Level, message: String, metadata: Logger.Metadata, time: Date) -> String {
        var fields = [("time", time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
                      ("level", level.rawValue)]
        for key in ["role", "id"] { if let value = metadata[key] { fields.append((key, "\(value)")) } }
        fields.append(("message", message))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where key != "role" && key != "id" {
            fields.append((key, "\(value)"))
        }
        return "{" + fields.map { "\(JSONString.quoted($0.0)):\(JSONString.quoted($0.1))" }.joined(separator: ",") + "}"
    }
}
