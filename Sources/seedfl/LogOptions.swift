import ArgumentParser
import SeedFLNode

/// `--log-level` and `--log-format`, on every role command and on `up` (whose children
/// inherit them through the environment, ``LogSettings``).
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("Least severe event logged: trace, debug, info, notice, warning, error, critical (default: $SEEDFL_LOG_LEVEL or info).",
                               valueName: "level"))
    var level: String?
    @Option(name: .customLong("log-format"),
            help: ArgumentHelp("text ([role id] message) or json (one object per line; default: $SEEDFL_LOG_FORMAT or text).",
                               valueName: "format"))
    var format: String?

    /// Applies the options to this process and the processes it starts.
    func apply() throws {
        do { try LogSettings.apply(level: level, format: format) } catch { throw ValidationError(error.description) }
    }
}
