import XCTest
@testable import SeedFLCore

final class AggregationTests: XCTestCase {
    func testRules() {
        let column: [Float] = [1, 2, 3, 100, -50]
        XCTAssertEqual(AggregationRule.mean.combine(column: column), 11.2, accuracy: 1e-6)
        XCTAssertEqual(AggregationRule.median.combine(column: column), 2)
        XCTAssertEqual(AggregationRule.median.combine(column: [1, 2, 3, 4]), 2.5)
        XCTAssertEqual(AggregationRule.trimmedMean(fraction: 0.2).combine(column: column), 2)
        XCTAssertEqual(AggregationRule.trimmedMean(fraction: 0).combine(column: column), 11.2, accuracy: 1e-6)
    }

    func testParsing() throws {
        XCTAssertEqual(try AggregationRule(parsing: "mean"), .mean)
        XCTAssertEqual(try AggregationRule(parsing: "median"), .median)
        XCTAssertEqual(try AggregationRule(parsing: "trimmed:0.1"), .trimmedMean(fraction: 0.1))
        for bad in ["", "avg", "trimmed:0.5", "trimmed:-1", "trimmed:x"] {
            XCTAssertThrowsError(try AggregationRule(parsing: bad), bad)
        }
    }

    /// Arrival order never changes the aggregate: contributions are combined by trainer id.
    func testAggregateIsIndependentOfArrivalOrder() {
        var contributions: [RoundContribution] = []
        for i in 0..<6 {
            let scalars: [Float] = [Float(i) * 0.1, 1 / Float(i + 1)]
            contributions.append(RoundContribution(trainer: UInt32(10 - i), scalars: scalars,
                                                   baseLoss: Float(i), examples: 8))
        }
        let a = RoundAggregate(combining: contributions, rule: .mean)
        let b = RoundAggregate(combining: contributions.reversed(), rule: .mean)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.contributors, [5, 6, 7, 8, 9, 10])
        XCTAssertEqual(a.meanLoss, 2.5)
    }

    func testDenseAggregateAveragesDeltas() {
        let c = [RoundContribution(trainer: 1, scalars: [], delta: [1, 2], baseLoss: 1, examples: 1),
                 RoundContribution(trainer: 2, scalars: [], delta: [3, 6], baseLoss: 3, examples: 1)]
        let a = RoundAggregate(combining: c, rule: .mean)
        XCTAssertEqual(a.dense, [2, 4])
        XCTAssertEqual(a.scalars, [])
    }
}
