/// Why a role (aggregator, forwarder) could not start or keep running: what it was doing
/// and what went wrong. Never raised for a peer's message — those are counted drops.
public struct RoleError: Error, CustomStringConvertible, Sendable {
    /// What the role was doing (`"bind contributions"`, `"start forwarder ..."`, ...).
    public var operation: String
    /// Why it failed, in words (the underlying error's description when there is one).
    public var message: String

    /// An error for `operation` with the reason `message`.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    /// `operation: message`, as printed by the command.
    public var description: String { "\(operation): \(message)" }
}
