/// Why a Llama model could not be built or run: what failed and why, in the swift-nio style.
public struct LlamaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// A hyper-parameter is missing or inconsistent (e.g. heads do not divide the width).
        case invalidConfiguration
        /// A weight tensor the architecture needs is absent from the source.
        case missingTensor
        /// A weight tensor has the wrong shape or element count.
        case shapeMismatch
        /// The batch or the output request is invalid (empty sequence, token id out of range,
        /// position out of range, vocabulary row out of range).
        case invalidInput
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable account of what was wrong, naming the offending value.
    public var reason: String

    /// Creates an error of kind `code` explained by `reason`.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "LlamaError.\(code): \(reason)" }
}
