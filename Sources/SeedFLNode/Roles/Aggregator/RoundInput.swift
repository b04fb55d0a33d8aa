/// One accepted input of a round: a trainer's own contribution, or an edge aggregator's
/// partial sums over several trainers.
enum RoundInput {
    /// A trainer's K*P scalars (or d dense values), base loss and example count.
    case single(trainer: UInt32, values: [Float], baseLoss: Float, examples: UInt32)
    /// Per-coordinate sums, summed base loss and total examples over `contributors`
    /// (strictly increasing, as the wire guarantees).
    case partial(contributors: [UInt32], sums: [Double], lossSum: Double, examples: UInt64)

    /// The trainers this input speaks for.
    var contributors: [UInt32] {
        switch self {
        case .single(let trainer, _, _, _): [trainer]
        case .partial(let contributors, _, _, _): contributors
        }
    }

    /// The smallest contributor id: the key inputs are summed in, so that a flat
    /// aggregator (singles in trainer-id order) and a root merging contiguous edges add
    /// the same numbers in the same order.
    var firstContributor: UInt32 { contributors.first ?? 0 }

    /// Number of values (K*P or d).
    var width: Int {
        switch self {
        case .single(_, let values, _, _): values.count
        case .partial(_, let sums, _, _): sums.count
        }
    }

    /// True for an edge's partial sums.
    var isPartial: Bool {
        if case .partial = self { return true }
        return false
    }
}
