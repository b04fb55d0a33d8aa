/// A labelled text corpus: examples plus the names of their classes.
///
/// Invariant (checked by the initialiser): every example's label indexes `labelNames`.
/// Code downstream (partitioners, label counts, verbalisers) can therefore index by label
/// without re-checking.
public struct TextDataset: Hashable, Sendable {
    /// The examples, in source order; partitions and splits refer to positions in this array.
    public let examples: [LabeledText]
    /// Class names by label index, e.g. `["negative", "positive"]`.
    public let labelNames: [String]

    /// Creates a dataset, refusing labels outside `0..<labelNames.count`.
    ///
    /// - Throws: ``TextDatasetError`` naming the first offending example.
    public init(examples: [LabeledText], labelNames: [String]) throws(TextDatasetError) {
        try TextDataset.validate(labelNames: labelNames)
        for (position, example) in examples.enumerated()
        where !(0..<labelNames.count).contains(example.label) {
            throw TextDatasetError(
                code: .labelOutOfRange(example: position, label: example.label, classes: labelNames.count))
        }
        self.examples = examples
        self.labelNames = labelNames
    }

    /// Builds a dataset whose labels the caller has already checked against `labelNames`
    /// (the readers resolve every label through ``LabelResolver``).
    init(checkedExamples examples: [LabeledText], labelNames: [String]) {
        self.examples = examples
        self.labelNames = labelNames
    }

    /// Checks that a label set is usable: non-empty (a dataset needs a class) and without
    /// repeated names (string labels would be ambiguous).
    public static func validate(labelNames: [String]) throws(TextDatasetError) {
        guard !labelNames.isEmpty else { throw TextDatasetError(code: .noLabelNames) }
        guard Set(labelNames).count == labelNames.count else {
            throw TextDatasetError(code: .duplicateLabelName)
        }
    }

    /// The number of examples.
    public var count: Int { examples.count }

    /// The label of every example, in example order (what the partitioners consume).
    public var labels: [Int] { examples.map(\.label) }

    /// How many examples carry each label, indexed by label.
    public var labelCounts: [Int] {
        var counts = [Int](repeating: 0, count: labelNames.count)
        for example in examples { counts[example.label] += 1 }
        return counts
    }

    /// The dataset restricted to `indices`, in the order given (a split or a client shard).
    ///
    /// - Throws: ``TextDatasetError`` when an index is outside `0..<count`; indices may
    ///   come from a configuration file, so they are checked rather than trusted.
    public func subset(_ indices: [Int]) throws(TextDatasetError) -> TextDataset {
        var picked: [LabeledText] = []
        picked.reserveCapacity(indices.count)
        for index in indices {
            guard examples.indices.contains(index) else {
                throw TextDatasetError(code: .indexOutOfRange(index: index, count: examples.count))
            }
            picked.append(examples[index])
        }
        return TextDataset(checkedExamples: picked, labelNames: labelNames)
    }
}
