import Foundation
import Logging

/// How much a process logs and in which form: the one setting every ``RoleLogHandler``
/// reads. From `SEEDFL_LOG_LEVEL` (`trace`, `debug`, `info`, `notice`, `warning`, `error`,
/// `critical`; default `info`) and `SEEDFL_LOG_FORMAT` (`text` or `json`; default `text`),
/// which the `--log-level` and `--log-format` options set, so that the children `seedfl up`
/// starts inherit them.
public struct LogSettings: Sendable, Equatable {
    /// One line per event: `[role id] message` (`warning:`/`error:` before warnings and
    /// errors), or one JSON object per line for collectors.
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    public var level: Logger.Level
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }

    public static let levelVariable = "SEEDFL_LOG_LEVEL"
    public static let formatVariable = "SEEDFL_LOG_FORMAT"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var settings: LogSettings?

    /// The settings now (read from the environment the first time).
    public static var current: LogSettings {
        lock.withLock {
            if let settings { return settings }
            let environment = ProcessInfo.processInfo.environment
            let read = LogSettings(level: environment[levelVariable].flatMap(Logger.Level.init(rawValue:)) ?? .info,
                                   format: environment[formatVariable].flatMap(Format.init(rawValue:)) ?? .text)
            settings = read
            return read
        }
    }

    /// Sets the level and format for this process and, through the environment, for the
    /// processes it starts. A value that is not a level or a format is refused.
    public static func apply(level: String?, format: String?) throws(LogSettingsError) {
        var next = current
        if let level {
            guard let l = Logger.Level(rawValue: level) else {
                throw LogSettingsError("--log-level: '\(level)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            next.level = l
            setenv(levelVariable, level, 1)
        }
        if let format {
            guard let f = Format(rawValue: format) else {
                throw LogSettingsError("--log-format: '\(format)' is not text or json")
            }
            next.format = f
            setenv(formatVariable, format, 1)
        }
        lock.withLock { settings = next }
    }
}

/// A log option that is not a level or a format.
public struct LogSettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
