/// Why a role (broker, aggregator, trainer, evaluator, forwarder) could not start or keep
/// running: the one error type every role throws, with a ``Code`` to branch on, what it was
/// doing, and what went wrong.
///
/// Never raised for a peer's message: those are counted drops (``DropReason``). These are
/// configuration, file-system, ledger, model and socket failures, reported to the operator.
public struct RoleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; callers branch on this, people read the message.
    public enum Code: String, Sendable, CaseIterable {
        /// The topology does not describe this role (no such aggregator, no forwarder section).
        case configuration
        /// The run or status directory cannot be created.
        case runDirectory
        /// The ledger cannot be opened, read or belongs to another run.
        case ledger
        /// The model cannot be prepared.
        case model
        /// A ZeroMQ context or socket cannot be created, bound, polled, read or written.
        case socket
    }

    /// What kind of failure this is.
    public var code: Code
    /// What the role was doing (`"bind contributions"`, `"open the ledger"`, ...).
    public var operation: String
    /// Why it failed, in words (the underlying error's description when there is one).
    public var message: String

    /// An error of kind `code` while doing `operation`.
    public init(_ code: Code, _ operation: String, _ message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// `operation: message`, as printed by the command.
    public var description: String { "\(operation): \(message)" }
}
