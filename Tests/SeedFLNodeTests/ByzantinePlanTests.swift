import SeedFLCore
import SeedFLNode
import XCTest

/// The Byzantine switch's syntax and what each kind does to an honest result.
final class ByzantinePlanTests: XCTestCase {
    func testPlansParseAndPrintCanonically() throws {
        let plan = try ByzantinePlan(parsing: "5,3:scale 6:replay", clients: 8)
        XCTAssertEqual(plan.kind(of: 3), .scale)
        XCTAssertEqual(plan.kind(of: 6), .replay)
        XCTAssertNil(plan.kind(of: 4))
        XCTAssertEqual(plan.description, "3,5:scale 6:replay")
        XCTAssertEqual(try ByzantinePlan(parsing: plan.description, clients: 8), plan)
        XCTAssertTrue(try ByzantinePlan(parsing: "none", clients: 8).isEmpty)
        for bad in ["3", "3:evil", "8:scale", "x:scale", "3:scale 3:random", "-1:scale"] {
            XCTAssertThrowsError(try ByzantinePlan(parsing: bad, clients: 8), bad)
        }
    }

    func testEachKindCorruptsAsDocumented() {
        let honest = LocalResult(scalars: [1, -2, 3], baseLoss: 0.5, examples: 32, delta: nil)
        var flip = ByzantineTrainer(kind: .signFlip, trainer: 1, runSeed: 7)
        XCTAssertEqual(flip.corrupt(honest, round: 1).scalars, [-1, 2, -3])
        var scale = ByzantineTrainer(kind: .scale, trainer: 1, runSeed: 7)
        XCTAssertEqual(scale.corrupt(honest, round: 1).scalars, [1e6, -2e6, 3e6])
        var random = ByzantineTrainer(kind: .random, trainer: 1, runSeed: 7)
        let r1 = random.corrupt(honest, round: 1).scalars
        XCTAssertTrue(r1.allSatisfy { abs($0) <= 100 })
        XCTAssertNotEqual(r1, honest.scalars)
        var again = ByzantineTrainer(kind: .random, trainer: 1, runSeed: 7)
        XCTAssertEqual(again.corrupt(honest, round: 1).scalars, r1, "reproducible, so simulate and up agree")
        XCTAssertNotEqual(again.corrupt(honest, round: 2).scalars, r1)
        var replay = ByzantineTrainer(kind: .replay, trainer: 1, runSeed: 7)
        XCTAssertEqual(replay.corrupt(honest, round: 1).scalars, honest.scalars, "the first round is honest")
        let later = LocalResult(scalars: [9, 9, 9], baseLoss: 0.4, examples: 32, delta: nil)
        XCTAssertEqual(replay.corrupt(later, round: 5).scalars, honest.scalars, "then it repeats it")
        XCTAssertEqual(replay.corrupt(later, round: 5).baseLoss, 0.4)
    }

    /// Multi-Krum leaves out a vector far from the rest, whole; too few vectors fall back to the median.
    func testMultiKrumDropsTheOutlierVector() throws {
        XCTAssertEqual(try AggregationRule(parsing: "krum:2"), .krum(byzantine: 2))
        XCTAssertThrowsError(try AggregationRule(parsing: "krum:0"))
        let honest: [[Float]] = [[1, 1], [1.2, 0.8], [0.8, 1.2], [1.1, 0.9], [0.9, 1.1]]
        let combined = AggregationRule.krum(byzantine: 1).combine(honest + [[-50, 80]])
        XCTAssertEqual(combined, AggregationRule.mean.combine(honest))
        XCTAssertEqual(AggregationRule.krum(byzantine: 2).combine([[1], [2], [30]]), [2], "n <= f + 2: the median")
    }
}
