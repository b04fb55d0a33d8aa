/// Whether an AGGREGATE is a round's final result or an edge aggregator's partial sums.
/// Raw value 0 is reserved.
public enum AggregateKind: UInt8, Sendable, CaseIterable {
    /// Combined scalars (the aggregation rule's output), base loss is a mean.
    case final = 1
    /// Per-(k, p) sums and summed base loss, for a root aggregator to combine.
    case partial = 2
}
