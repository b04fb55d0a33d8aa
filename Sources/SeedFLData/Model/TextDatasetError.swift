/// A dataset built in memory broke the ``TextDataset`` invariants.
public struct TextDatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Hashable, Sendable {
        /// A dataset needs at least one class.
        case noLabelNames
        /// Two classes share a name, so string labels would be ambiguous.
        case duplicateLabelName
        /// Example `example` has a label outside `0..<classes`.
        case labelOutOfRange(example: Int, label: Int, classes: Int)
        /// A subset index is outside `0..<count`.
        case indexOutOfRange(index: Int, count: Int)
    }

    /// What was wrong.
    public let code: Code

    /// Creates an error with the given code.
    public init(code: Code) { self.code = code }

    /// One line saying what was wrong, with the offending values, for logs and CLI output.
    public var description: String {
        switch code {
        case .noLabelNames:
            return "dataset has no label names"
        case .duplicateLabelName:
            return "dataset label names are not unique"
        case let .labelOutOfRange(example, label, classes):
            return "example \(example) has label \(label), outside 0..<\(classes)"
        case let .indexOutOfRange(index, count):
            return "index \(index) is outside the dataset (0..<\(count))"
        }
    }
}
