/// A broker that could not start or stop cleanly: which step failed and why.
///
/// Errors coming from what peers send are never thrown (they are counted drops); these
/// are configuration, file-system, ledger and socket set-up failures, all reported to the
/// operator with the step that failed.
public struct BrokerError: Error, CustomStringConvertible, Sendable {
    /// The step that failed.
    public enum Step: String, Sendable {
        /// Creating the run or status directory.
        case runDirectory
        /// Opening (or creating) the ledger.
        case ledger
        /// Creating or binding a socket.
        case socket
        /// Preparing the model to learn the dense dimension.
        case model
    }

    /// The step that failed.
    public var step: Step
    /// What went wrong, in words, including the underlying error.
    public var message: String

    /// Creates an error for `step`.
    public init(_ step: Step, _ message: String) {
        self.step = step
        self.message = message
    }

    /// For example `broker socket: bind tcp://0.0.0.0:5555 failed: Address already in use (errno 98)`.
    public var description: String { "broker \(step.rawValue): \(message)" }
}
