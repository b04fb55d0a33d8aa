import SeedFLData
import XCTest

final class StratifiedSplitTests: XCTestCase {
    /// 3 labels of sizes 500, 300 and 200, interleaved.
    private let labels: [Int] = (0..<1_000).map { $0 % 10 < 5 ? 0 : ($0 % 10 < 8 ? 1 : 2) }

    func testSplitIsStratifiedAndCoversEveryIndexOnce() throws {
        let split = try StratifiedSplit.split(labels: labels, testSize: 101, seed: 7)
        XCTAssertEqual(split.test.count, 101)
        XCTAssertEqual(Set(split.train).union(split.test), Set(0..<1_000))
        XCTAssertTrue(Set(split.train).isDisjoint(with: split.test))
        XCTAssertEqual(split.train, split.train.sorted())
        XCTAssertEqual(split.test, split.test.sorted())
        // Exact shares 50.5, 30.3, 20.2: floors 50, 30, 20 and the leftover unit to label 0.
        XCTAssertEqual(counts(of: split.test), [51, 30, 20])
        XCTAssertEqual(counts(of: split.train), [449, 270, 180])
    }

    func testSplitIsDeterministicAndSeedDependent() throws {
        let first = try StratifiedSplit.split(labels: labels, testSize: 100, seed: 1)
        let again = try StratifiedSplit.split(labels: labels, testSize: 100, seed: 1)
        let other = try StratifiedSplit.split(labels: labels, testSize: 100, seed: 2)
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first.test, other.test)
        XCTAssertEqual(counts(of: first.test), counts(of: other.test))
    }

    func testBoundsAreChecked() {
        XCTAssertEqual(
            expectError { () throws(StratifiedSplitError) in _ = try StratifiedSplit.split(labels: [0, 1], testSize: 3, seed: 0) },
            StratifiedSplitError(code: .testSizeOutOfRange(testSize: 3, examples: 2)))
        XCTAssertNotNil(expectError { () throws(StratifiedSplitError) in
            _ = try StratifiedSplit.split(labels: [0, 1], testSize: -1, seed: 0)
        })
    }

    func testDatasetSplitKeepsExamplesAndNames() throws {
        let examples = labels.enumerated().map { LabeledText(text: "t\($0.offset)", label: $0.element) }
        let dataset = try TextDataset(examples: examples, labelNames: ["a", "b", "c"])
        let (train, test) = try dataset.stratifiedSplit(testSize: 100, seed: 3)
        let indices = try StratifiedSplit.split(labels: labels, testSize: 100, seed: 3)
        XCTAssertEqual(test.examples, indices.test.map { examples[$0] })
        XCTAssertEqual(train.examples, indices.train.map { examples[$0] })
        XCTAssertEqual(train.labelNames, ["a", "b", "c"])
    }

    private func counts(of indices: [Int]) -> [Int] {
        var counts = [0, 0, 0]
        for index in indices { counts[labels[index]] += 1 }
        return counts
    }
}
