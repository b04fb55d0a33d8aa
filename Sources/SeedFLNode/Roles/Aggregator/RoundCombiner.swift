import SeedFLCore
import SeedFLWire

/// Turns a round's accepted inputs into the AGGREGATE an aggregator sends upstream.
///
/// The arithmetic is chosen so that every topology commits the same bits:
/// * inputs are added in the order of their smallest contributor id, each coordinate in
///   `Double` starting from `0.0`, so a single aggregator computes exactly
///   `AggregationRule.mean.combine` (and `RoundAggregate(combining:rule: .mean)`), which
///   is what `seedfl simulate` commits;
/// * an edge forwards those `Double` sums unrounded and the root adds them the same way,
///   so a tree whose edges hold id-contiguous trainers reproduces the flat sums exactly
///   whenever the `Double` additions are exact (always the case for `Float` inputs whose
///   magnitudes lie within about 2^28 of each other); otherwise the two differ by a
///   rounding of a `Double`, which almost never reaches the final `Float`;
/// * the final mean is `Float(sum / count)`, rounded once, then widened to `Double` for
///   the wire, so the broker's conversion back to `Float` is exact.
enum RoundCombiner {
    /// Per-coordinate `Double` sums, summed base loss and totals over `inputs`.
    static func sums(_ inputs: [RoundInput], width: Int) -> (sums: [Double], lossSum: Double, examples: UInt64,
                                                            contributors: [UInt32]) {
        var sums = [Double](repeating: 0, count: width)
        var lossSum = 0.0
        var examples: UInt64 = 0
        var contributors: [UInt32] = []
        for input in inputs.sorted(by: { $0.firstContributor < $1.firstContributor }) {
            switch input {
            case let .single(trainer, values, baseLoss, count):
                for j in 0..<min(width, values.count) { sums[j] += Double(values[j]) }
                lossSum += Double(baseLoss)
                examples &+= UInt64(count)
                contributors.append(trainer)
            case let .partial(ids, partialSums, partialLoss, count):
                for j in 0..<min(width, partialSums.count) { sums[j] += partialSums[j] }
                lossSum += partialLoss
                examples &+= count
                contributors.append(contentsOf: ids)
            }
        }
        return (sums, lossSum, examples, contributors.sorted())
    }

    /// The AGGREGATE for `round`: `partial` sums for an edge, the `final` result of
    /// `rule` for the root. `inputs` must be non-empty, with disjoint contributors and
    /// `width` values each; partial inputs only with a composable rule (the aggregator's
    /// admission enforces all three).
    static func aggregate(_ inputs: [RoundInput], width: Int, rule: AggregationRule, kind: AggregateKind,
                          round: RoundOpen) -> Aggregate {
        let total = sums(inputs, width: width)
        let count = Double(total.contributors.count)
        let values: [Double]
        let baseLoss: Double
        switch kind {
        case .partial:
            values = total.sums
            baseLoss = total.lossSum
        case .final:
            baseLoss = Double(Float(total.lossSum / count))
            if rule.composable {
                values = total.sums.map { Double(Float($0 / count)) }
            } else {
                // Median and trimmed mean need every vector; only flat topologies use them,
                // so every input is a single contribution here.
                let vectors = inputs.sorted { $0.firstContributor < $1.firstContributor }.compactMap { input -> [Float]? in
                    if case let .single(_, v, _, _) = input { return v }
                    return nil
                }
                values = vectors.isEmpty ? total.sums : rule.combine(vectors).map(Double.init)
            }
        }
        return Aggregate(runID: round.runID, round: round.round, k: round.k, p: round.p,
                         contributors: total.contributors, kind: kind, mode: round.mode, values: values,
                         baseLoss: baseLoss, exampleCount: total.examples)
    }
}
