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

/// The agreement screen in the aggregator's arithmetic: a flat root leaves out what
/// `simulate`'s `RoundAggregate(combining:rule:screen:)` leaves out, bit for bit.
final class AggregatorScreenTests: XCTestCase {
    private let open = RoundOpen(runID: 1, round: 1, seed: 1, k: 2, p: 2, participants: Array(0..<8),
                                 deadlineUnixMilliseconds: 0, baseSequence: 0, mode: .seedScalars)

    /// A screen that has watched trainer 3 send the opposite of everyone else.
    private func screenDistrustingThree() -> AgreementScreen {
        var screen = AgreementScreen(minimumRounds: 10)
        for seed in 0..<30 as Range<UInt64> {
            let common = AggregatorHarness.values(count: 4, seed: seed, scale: 1)
            screen.record((0..<8).map { t in (UInt32(t), t == 3 ? common.map { -$0 } : common) }, rule: .median)
        }
        return screen
    }

    func testAFlatRootLeavesOutWhatTheSimulatorLeavesOut() {
        let screen = screenDistrustingThree()
        XCTAssertEqual(screen.distrusted, [3])
        for rule in [AggregationRule.mean, .median, .trimmedMean(fraction: 0.25), .krum(byzantine: 1)] {
            for seed in 0..<10 as Range<UInt64> {
                let inputs = (0..<8).map { t in
                    RoundInput.single(trainer: UInt32(t), values: AggregatorHarness.values(count: 4, seed: seed &* 13 &+ UInt64(t), scale: t),
                                      baseLoss: Float(t), examples: 2)
                }
                let contributions = inputs.compactMap { input -> RoundContribution? in
                    guard case let .single(t, v, loss, n) = input else { return nil }
                    return RoundContribution(trainer: t, scalars: v, baseLoss: loss, examples: Int(n))
                }
                let simulated = RoundAggregate(combining: contributions, rule: rule, screen: screen)
                let aggregate = RoundCombiner.aggregate(inputs.reversed(), width: 4, rule: rule, kind: .final, round: open,
                                                        screen: screen)
                XCTAssertEqual(aggregate.values.map { Float($0).bitPattern }, simulated.scalars.map(\.bitPattern), "\(rule)")
                XCTAssertEqual(aggregate.contributors, Array(0..<8), "trainer 3 is still a contributor")
                XCTAssertNotEqual(simulated, RoundAggregate(combining: contributions, rule: rule), "\(rule): 3 was left out")
            }
        }
    }

    /// An edge forwards the screened result weighted by all its trainers, so a root merging
    /// it divides by the same count.
    func testAnEdgeWeighsItsScreenedResultByEveryTrainer() {
        let screen = screenDistrustingThree()
        let inputs = (0..<4).map { t in
            RoundInput.single(trainer: UInt32(t), values: [Float(t + 1), 1, 2, 3], baseLoss: 1, examples: 1)
        }
        let partial = RoundCombiner.aggregate(inputs, width: 4, rule: .mean, kind: .partial, round: open, screen: screen)
        // Trainers 0, 1 and 2 average [2, 1, 2, 3]; times the edge's four contributors.
        XCTAssertEqual(partial.values, [8, 4, 8, 12])
        XCTAssertEqual(partial.contributors, [0, 1, 2, 3])
    }
}
