import SeedFLCore

/// Example indices of a train/test split, each list in ascending order.
public struct TrainTestSplit: Hashable, Sendable {
    /// Indices of the training examples.
    public let train: [Int]
    /// Indices of the held-out test examples.
    public let test: [Int]
}

/// A seeded train/test split that keeps each label's share of the test set equal to its
/// share of the whole set.
public enum StratifiedSplit {
    /// Default test-set size: 1,000 examples, about a tenth of the 10.6 k movie-review
    /// snippets, enough to read accuracy to about +-3 points (95% interval at 50%).
    public static let defaultTestSize = 1_000

    /// Splits the examples whose labels are `labels` (any integers; each distinct value is
    /// a stratum).
    ///
    /// Label l, with n_l of the n examples, gets `testSize * n_l / n` test examples,
    /// rounded by largest remainder (ties to the smaller label) so the quotas sum to
    /// `testSize` exactly. Within each label, in ascending label order, the label's
    /// indices are shuffled (Fisher-Yates, ``SeededDraws``) by one generator derived from
    /// `seed`, and the first quota go to the test set. The result depends only on
    /// `labels`, `testSize` and `seed`.
    ///
    /// - Throws: ``StratifiedSplitError`` when `testSize` is outside `0...labels.count`.
    public static func split(
        labels: [Int], testSize: Int = defaultTestSize, seed: UInt64
    ) throws(StratifiedSplitError) -> TrainTestSplit {
        guard (0...labels.count).contains(testSize) else {
            throw StratifiedSplitError(code: .testSizeOutOfRange(testSize: testSize, examples: labels.count))
        }
        let strata = LabelGroups(labels: labels)
        let quotas = labels.isEmpty ? [] : SeededDraws.apportion(testSize, counts: strata.members.map(\.count))
        var generator = SplitMix64(StreamDomain.split, seed)
        var train: [Int] = []
        var test: [Int] = []
        train.reserveCapacity(labels.count - testSize)
        test.reserveCapacity(testSize)
        for (members, quota) in zip(strata.members, quotas) {
            var shuffled = members
            SeededDraws.shuffle(&shuffled, using: &generator)
            test += shuffled[..<quota]
            train += shuffled[quota...]
        }
        return TrainTestSplit(train: train.sorted(), test: test.sorted())
    }
}

extension TextDataset {
    /// This dataset split into stratified train and test datasets
    /// (``StratifiedSplit/split(labels:testSize:seed:)``), examples in source order.
    public func stratifiedSplit(
        testSize: Int = StratifiedSplit.defaultTestSize, seed: UInt64
    ) throws(StratifiedSplitError) -> (train: TextDataset, test: TextDataset) {
        let split = try StratifiedSplit.split(labels: labels, testSize: testSize, seed: seed)
        return (
            TextDataset(checkedExamples: split.train.map { examples[$0] }, labelNames: labelNames),
            TextDataset(checkedExamples: split.test.map { examples[$0] }, labelNames: labelNames)
        )
    }
}
