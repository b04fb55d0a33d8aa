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
    /// `width` values each (the aggregator's admission enforces all three). `nonces` gives
    /// each contributor's process nonce, forwarded for the broker's check.
    ///
    /// A robust rule (median, trimmed mean) in a tree is an approximation, documented in
    /// docs/security.md: each aggregator applies the rule to the contributions it received
    /// itself and weighs that result by their count; partial inputs are summed as for the
    /// mean. The root's result is then the count-weighted mean of its edges' robust results,
    /// which resists as long as every edge has fewer than half Byzantine trainers. A flat
    /// topology (single inputs only) computes the rule exactly, as `simulate` does.
    ///
    /// With a `screen`, the values of the trainers it distrusts (among the singles) are left
    /// out of the rule, which then stands in for them: they stay contributors (ids, nonces,
    /// losses, examples), as in `simulate`'s `RoundAggregate(combining:rule:screen:)`.
    static func aggregate(_ inputs: [RoundInput], width: Int, rule: AggregationRule, kind: AggregateKind,
                          round: RoundOpen, nonces: [UInt32: UInt64] = [:], screen: AgreementScreen? = nil) -> Aggregate {
        let total = sums(inputs, width: width)
        let count = Double(total.contributors.count)
        let values: [Double]
        let baseLoss: Double
        let robust = robustPart(inputs, width: width, rule: rule, screen: screen)
        switch kind {
        case .partial:
            values = robust?.weighted ?? total.sums
            baseLoss = total.lossSum
        case .final:
            baseLoss = Double(Float(total.lossSum / count))
            if let robust, robust.isEverything {
                values = robust.exact
            } else {
                values = (robust?.weighted ?? total.sums).map { Double(Float($0 / count)) }
            }
        }
        return Aggregate(runID: round.runID, round: round.round, k: round.k, p: round.p,
                         contributors: total.contributors, nonces: total.contributors.map { nonces[$0] ?? 0 },
                         kind: kind, mode: round.mode, values: values,
                         baseLoss: baseLoss, exampleCount: total.examples)
    }

    /// For a robust rule, or any rule once the screen leaves someone out: the rule over the
    /// (kept) single contributions (`exact`), that result times the number of singles plus the
    /// partial inputs' sums (`weighted`), and whether the singles are all there is. Nil for
    /// the mean with everyone kept, which needs only ``sums(_:width:)``.
    private static func robustPart(_ inputs: [RoundInput], width: Int, rule: AggregationRule,
                                   screen: AgreementScreen?) -> (exact: [Double], weighted: [Double], isEverything: Bool)? {
        let ordered = inputs.sorted { $0.firstContributor < $1.firstContributor }
        let singles = singleValues(ordered)
        let kept = screen?.kept(singles.map(\.trainer)) ?? singles.map { _ in true }
        guard !rule.composable || kept.contains(false) else { return nil }
        let combined = zip(singles, kept).filter(\.1).map(\.0.values)
        let partials = ordered.filter(\.isPartial)
        let exact = combined.isEmpty ? [Double](repeating: 0, count: width) : rule.combine(combined).map(Double.init)
        let partialSums = sums(partials, width: width).sums
        var weighted = exact.map { $0 * Double(singles.count) }
        for j in 0..<width { weighted[j] += partialSums[j] }
        return (exact, weighted, partials.isEmpty)
    }

    /// The trainers' own contributions among `inputs`, in the order given (partials left out).
    static func singleValues(_ inputs: [RoundInput]) -> [(trainer: UInt32, values: [Float])] {
        inputs.compactMap { input in
            if case let .single(trainer, values, _, _) = input { return (trainer, values) }
            return nil
        }
    }
}
