import SeedFLData
import XCTest

final class TextDatasetTests: XCTestCase {
    private let examples = [
        LabeledText(text: "a", label: 0), LabeledText(text: "b", label: 2), LabeledText(text: "c", label: 2),
    ]

    func testCountsAndSubsetInGivenOrder() throws {
        let dataset = try TextDataset(examples: examples, labelNames: ["x", "y", "z"])
        XCTAssertEqual(dataset.count, 3)
        XCTAssertEqual(dataset.labels, [0, 2, 2])
        XCTAssertEqual(dataset.labelCounts, [1, 0, 2])
        XCTAssertEqual(try dataset.subset([2, 0]).examples.map(\.text), ["c", "a"])
    }

    func testInvariantsAreChecked() throws {
        XCTAssertEqual(
            expectError { () throws(TextDatasetError) in _ = try TextDataset(examples: examples, labelNames: ["x", "y"]) },
            TextDatasetError(code: .labelOutOfRange(example: 1, label: 2, classes: 2)))
        let dataset = try TextDataset(examples: examples, labelNames: ["x", "y", "z"])
        XCTAssertEqual(
            expectError { () throws(TextDatasetError) in _ = try dataset.subset([0, 3]) },
            TextDatasetError(code: .indexOutOfRange(index: 3, count: 3)))
    }
}
