import Logging

/// A role's logger: swift-log's `Logger`, whose every line names the role and its id
/// (`[broker]`, `[trainer 3]`, `[aggregator root]`), because `seedfl up` interleaves its
/// children's lines and a collector gathers many hosts'.
///
/// The handler (``RoleLogHandler``) is given per logger rather than by a process-wide
/// bootstrap, so in-process tests and tools get the same lines as role processes; its
/// level and format come from ``LogSettings`` (`--log-level`, `--log-format`, or the
/// `SEEDFL_LOG_LEVEL` and `SEEDFL_LOG_FORMAT` environment variables that `seedfl up` passes on).
public struct RoleLog: Sendable {
    /// `broker`, `trainer`, `aggregator`, `evaluator`, `forwarder`, `trainers` (a group).
    public let role: String
    /// The trainer id, the aggregator's name, a group's id list; nil for the single roles.
    public let id: String?
    private let logger: Logger

    public init(role: String, id: String? = nil) {
        self.role = role
        self.id = id
        var logger = Logger(label: "seedfl.\(role)") { label in RoleLogHandler(label: label) }
        logger[metadataKey: "role"] = .string(role)
        if let id { logger[metadataKey: "id"] = .string(id) }
        // The handler filters by the settings of the moment; the logger lets everything through to it.
        logger.logLevel = .trace
        self.logger = logger
    }

    /// `[role id]`: how a text line starts.
    public var prefix: String { id.map { "[\(role) \($0)]" } ?? "[\(role)]" }

    public func info(_ message: @autoclosure () -> String) { logger.info("\(message())") }
    public func warn(_ message: @autoclosure () -> String) { logger.warning("\(message())") }
    public func error(_ message: @autoclosure () -> String) { logger.error("\(message())") }
}
