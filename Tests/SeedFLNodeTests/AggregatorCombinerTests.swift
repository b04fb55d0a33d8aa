import SeedFLCore
import SeedFLWire
import XCTest

@testable import SeedFLNode

/// The arithmetic alone: flat sums equal `AggregationRule.mean`, and partial sums merged
/// at a root equal the flat result.
final class AggregatorCombinerTests: XCTestCase {
    private let open = RoundOpen(runID: 1, round: 1, seed: 1, k: 2, p: 2, participants: Array(0..<8),
                                 deadlineUnixMilliseconds: 0, baseSequence: 0, mode: .seedScalars)

    private func singles(_ count: Int, seed: UInt64) -> [RoundInput] {
        (0..<count).map { t in
            .single(trainer: UInt32(t), values: AggregatorHarness.values(count: 4, seed: seed &+ UInt64(t), scale: t * 3),
                    baseLoss: Float(t) * 0.375, examples: UInt32(t + 1))
        }
    }

    func testFlatMeanIsTheRulesMean() {
        for seed in 0..<20 as Range<UInt64> {
            let inputs = singles(8, seed: seed * 31)
            let vectors = inputs.compactMap { if case let .single(_, v, _, _) = $0 { v } else { nil } }
            // Shuffled: the combiner orders by trainer id itself.
            let result = RoundCombiner.aggregate(inputs.reversed(), width: 4, rule: .mean, kind: .final, round: open)
            XCTAssertEqual(result.values.map { Float($0).bitPattern }, AggregationRule.mean.combine(vectors).map(\.bitPattern))
            XCTAssertEqual(result.contributors, Array(0..<8))
            XCTAssertEqual(result.exampleCount, 36)
        }
    }

    func testMergedPartialsEqualFlat() {
        for seed in 0..<20 as Range<UInt64> {
            let inputs = singles(8, seed: seed * 17)
            let flat = RoundCombiner.aggregate(inputs, width: 4, rule: .mean, kind: .final, round: open)
            let cut = Int(seed % 7) + 1
            let partials = [Array(inputs[..<cut]), Array(inputs[cut...])].map { group -> RoundInput in
                let a = RoundCombiner.aggregate(group, width: 4, rule: .mean, kind: .partial, round: open)
                XCTAssertEqual(a.kind, .partial)
                return .partial(contributors: a.contributors, sums: a.values, lossSum: a.baseLoss, examples: a.exampleCount)
            }
            let merged = RoundCombiner.aggregate(partials.reversed(), width: 4, rule: .mean, kind: .final, round: open)
            XCTAssertEqual(merged, flat)
        }
    }
}
