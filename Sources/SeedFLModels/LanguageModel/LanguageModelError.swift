/// Why a ``LanguageModelClassifier`` could not be built, queried or exported: what failed
/// and why, in the swift-nio style.
public struct LanguageModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// An option is out of range (rank, batch size, token limit, template, verbalizers).
        case invalidOptions
        /// An example's label is not a class, or its prompt cannot be encoded.
        case invalidExample
        /// A parameter vector has the wrong dimension for the space.
        case dimensionMismatch
        /// A prompt given to a query is empty or cannot be run.
        case invalidPrompt
        /// Writing an export failed.
        case exportFailed
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable account naming the offending value.
    public var reason: String

    /// Creates an error of kind `code` explained by `reason`.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "LanguageModelError.\(code): \(reason)" }
}
