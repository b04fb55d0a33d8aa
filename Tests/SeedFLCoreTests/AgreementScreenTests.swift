import XCTest
@testable import SeedFLCore

/// The agreement screen on synthetic rounds: every trainer sees the same true direction
/// plus its own noise, twice as large, so no single round tells a sign-flipper apart.
final class AgreementScreenTests: XCTestCase {
    /// One round: 8 trainers, 5 values each; `flipped` trainers send the negation.
    private func round(_ rng: inout SplitMix64, flipped: Set<UInt32>) -> [(trainer: UInt32, values: [Float])] {
        func gaussian() -> Float {
            let u = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-12), v = Double(rng.next() >> 11) / Double(1 << 53)
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let direction = (0..<5).map { _ in gaussian() }
        return (0..<8).map { t -> (trainer: UInt32, values: [Float]) in
            let honest = direction.map { $0 + 2 * gaussian() }
            return (UInt32(t), flipped.contains(UInt32(t)) ? honest.map { -$0 } : honest)
        }
    }

    private func contributions(_ round: [(trainer: UInt32, values: [Float])]) -> [RoundContribution] {
        round.map { RoundContribution(trainer: $0.trainer, scalars: $0.values, baseLoss: Float($0.trainer), examples: 1) }
    }

    /// Two sign-flippers among eight are distrusted within a few hundred rounds, and no honest
    /// trainer is distrusted in any round along the way.
    func testSignFlippersAreDistrustedAndHonestTrainersAreNot() {
        var rng = SplitMix64(seed: 42)
        var screen = AgreementScreen(minimumRounds: 20)
        for _ in 0..<400 {
            let r = round(&rng, flipped: [3, 5])
            XCTAssert(screen.distrusted.allSatisfy { $0 == 3 || $0 == 5 }, "\(screen.distrusted)")
            screen.record(r, rule: .median)
        }
        XCTAssertEqual(screen.distrusted, [3, 5])
        XCTAssertLessThan(screen.record(of: 3)?.meanAgreement ?? 0, 0)
        XCTAssertGreaterThan(screen.record(of: 0)?.meanAgreement ?? 0, 0)
        XCTAssertEqual(screen.record(of: 3)?.rounds, 400)
    }

    /// Evidence is needed first: however badly a trainer starts, it is trusted until it has
    /// `minimumRounds` agreements.
    func testNoOneIsDistrustedBeforeTheMinimumRounds() {
        var screen = AgreementScreen(minimumRounds: 20)
        let honest: [Float] = [1, 2, 3]
        for n in 1...20 {
            screen.record([(0, honest), (1, honest), (2, honest.map { -$0 })], rule: .mean)
            XCTAssertEqual(screen.distrusts(2), n >= 20, "after \(n) rounds")
        }
        XCTAssertEqual(screen.record(of: 2)?.meanAgreement, -1)
        XCTAssertFalse(screen.distrusts(0))
        XCTAssertFalse(screen.distrusts(99), "a trainer never seen is trusted")
    }

    /// With half of a round distrusted the premise of an honest, agreeing majority is gone:
    /// everyone is kept and the round is left to the rule.
    func testTheScreenStepsAsideWithoutATrustedMajority() {
        var screen = AgreementScreen(minimumRounds: 1)
        let v: [Float] = [1, -1, 2]
        for _ in 0..<10 { screen.record([(0, v), (1, v), (2, v), (3, v.map { -$0 }), (4, v.map { -$0 })], rule: .median) }
        XCTAssertEqual(screen.distrusted, [3, 4])
        XCTAssertEqual(screen.kept([0, 1, 2, 3, 4]), [true, true, true, false, false])
        XCTAssertEqual(screen.kept([0, 3, 4]), [true, true, true], "only one of three trusted")
        XCTAssertEqual(screen.kept([0, 1, 3, 4]), [true, true, true, true], "exactly half trusted")
    }

    /// A distrusted trainer still counts as a contributor (ids, losses); only its values are
    /// left out of the rule.
    func testLeftOutValuesStillCountAsContributors() {
        var rng = SplitMix64(seed: 7)
        var screen = AgreementScreen(minimumRounds: 20)
        for _ in 0..<400 { screen.record(round(&rng, flipped: [3, 5]), rule: .mean) }
        XCTAssertEqual(screen.distrusted, [3, 5])
        let r = round(&rng, flipped: [3, 5])
        let screened = RoundAggregate(combining: contributions(r), rule: .mean, screen: screen)
        XCTAssertEqual(screened.contributors, Array(0..<8))
        XCTAssertEqual(screened.meanLoss, 3.5)
        let honestOnly = r.filter { $0.trainer != 3 && $0.trainer != 5 }.map(\.values)
        XCTAssertEqual(screened.scalars, AggregationRule.mean.combine(honestOnly))
        XCTAssertNotEqual(screened.scalars, RoundAggregate(combining: contributions(r), rule: .mean).scalars)
    }

    /// A trimmed mean's yardstick trims as many values at each end as the round does, so two
    /// wild values among eight never reach an honest trainer's comparison.
    func testTheTrimmedYardstickTrimsAsManyAsTheRound() {
        let others: [[Float]] = [[1], [2], [3], [4], [5], [1000], [-1000]]
        // trimmed:0.25 of 8 drops 2 at each end; of the 7 others, a quarter would drop just 1.
        XCTAssertEqual(AgreementScreen.yardstick(.trimmedMean(fraction: 0.25), roundSize: 8, others: others), [3])
        XCTAssertEqual(AgreementScreen.yardstick(.median, roundSize: 8, others: others), [3])
        XCTAssertEqual(AgreementScreen.yardstick(.trimmedMean(fraction: 0.25), roundSize: 2, others: [[1], [9]]), [5])
    }

    /// The same rounds give the same records, whatever order contributions are listed in
    /// once sorted by trainer id: screens are plain values, compared whole.
    func testRecordsAreDeterministic() {
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        var first = AgreementScreen(minimumRounds: 5), second = AgreementScreen(minimumRounds: 5)
        for _ in 0..<50 {
            first.record(round(&a, flipped: [1]), rule: .trimmedMean(fraction: 0.25))
            second.record(round(&b, flipped: [1]), rule: .trimmedMean(fraction: 0.25))
        }
        XCTAssertEqual(first, second)
    }
}
