/// One trainer's answer for a round, as the aggregator sees it (decoded and validated).
public struct RoundContribution: Sendable, Equatable {
    public var trainer: UInt32
    /// `K * P` scalars (seed-based algorithms) — empty for dense ones.
    public var scalars: [Float]
    /// The local delta (dense baselines) — nil for seed-based ones.
    public var delta: [Float]?
    public var baseLoss: Float
    public var examples: Int

    public init(trainer: UInt32, scalars: [Float], delta: [Float]? = nil, baseLoss: Float, examples: Int) {
        self.trainer = trainer
        self.scalars = scalars
        self.delta = delta
        self.baseLoss = baseLoss
        self.examples = examples
    }
}

/// The combined result of a round, before the broker numbers and commits it.
public struct RoundAggregate: Sendable, Equatable {
    public var contributors: [UInt32]
    public var scalars: [Float]
    public var dense: [Float]?
    public var meanLoss: Float

    /// Combines contributions with `rule`, in trainer-id order, so arrival order never
    /// changes a bit of the result. `contributions` must be non-empty with distinct trainers.
    /// With a `screen`, the values of the trainers it distrusts are left out of the
    /// combination (they still count as contributors).
    public init(combining contributions: [RoundContribution], rule: AggregationRule, screen: AgreementScreen? = nil) {
        let sorted = contributions.sorted { $0.trainer < $1.trainer }
        contributors = sorted.map(\.trainer)
        let kept = screen?.kept(contributors) ?? sorted.map { _ in true }
        let combined = zip(sorted, kept).filter(\.1).map(\.0)
        if sorted.allSatisfy({ $0.delta != nil }) {
            dense = rule.combine(combined.compactMap(\.delta))
            scalars = []
        } else {
            dense = nil
            scalars = rule.combine(combined.map(\.scalars))
        }
        meanLoss = Float(sorted.reduce(0.0) { $0 + Double($1.baseLoss) } / Double(sorted.count))
    }

    /// The ledger record for this aggregate.
    public func committed(sequence: UInt64, round: UInt64, seed: UInt64, steps: Int, perturbations: Int,
                          learningRate: Float) -> CommittedRound {
        CommittedRound(sequence: sequence, round: round, seed: seed, steps: steps, perturbations: perturbations,
                       learningRate: learningRate, scalars: scalars, contributors: contributors,
                       meanLoss: meanLoss, dense: dense)
    }
}
