/// Why the forwarder role could not start or keep forwarding: what it was doing and what
/// went wrong.
public struct ForwarderError: Error, CustomStringConvertible, Sendable {
    /// What the role was doing (`"read topology"`, `"start forwarder ..."`, ...).
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
