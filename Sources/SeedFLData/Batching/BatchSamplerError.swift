/// A batch sampler was given a shard or batch size it cannot sample from.
public struct BatchSamplerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Hashable, Sendable {
        /// The batch size must be at least one.
        case invalidBatchSize(Int)
        /// The shard has no example.
        case emptyShard
        /// The shard lists this example index more than once.
        case duplicateIndex(Int)
    }

    /// What was wrong.
    public let code: Code

    /// Creates an error with the given code.
    public init(code: Code) { self.code = code }

    /// One line saying what was wrong, with the offending values, for logs and CLI output.
    public var description: String {
        switch code {
        case let .invalidBatchSize(size): return "batch size \(size) must be at least 1"
        case .emptyShard: return "shard is empty"
        case let .duplicateIndex(index): return "shard lists example \(index) more than once"
        }
    }
}
