/// A stratified split was asked for with impossible parameters.
public struct StratifiedSplitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Hashable, Sendable {
        /// The test size must be in `0...examples`.
        case testSizeOutOfRange(testSize: Int, examples: Int)
    }

    /// What was wrong.
    public let code: Code

    /// Creates an error with the given code.
    public init(code: Code) { self.code = code }

    /// One line saying what was wrong, with the offending values, for logs and CLI output.
    public var description: String {
        switch code {
        case let .testSizeOutOfRange(testSize, examples):
            return "test size \(testSize) is outside 0...\(examples) (the number of examples)"
        }
    }
}
