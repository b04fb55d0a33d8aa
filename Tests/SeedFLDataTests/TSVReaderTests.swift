import SeedFLData
import XCTest

final class TSVReaderTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private let names = ["negative", "positive"]

    func testHeaderColumnsByNameWithCRLFAndNoFinalNewline() throws {
        let path = try directory.write(
            "h.tsv", "id\tscore\tlabel\tsentence\r\n7\t0.9\tpositive\tloved it\r\n\r\n8\t-0.4\t0\tmeh, said \"no\"")
        let format = try TSVFormat(
            text: .name("sentence"), label: .name("label"), score: .name("score"), hasHeader: true, labelNames: names)
        let dataset = try TSVReader.read(path: path, format: format)
        XCTAssertEqual(dataset.examples, [
            LabeledText(text: "loved it", label: 1, score: 0.9),
            LabeledText(text: "meh, said \"no\"", label: 0, score: -0.4),
        ])
    }

    func testByteOrderMarkIsDroppedAndLoneCarriageReturnKept() throws {
        let path = try directory.write(
            "bom.tsv", bytes: [0xEF, 0xBB, 0xBF] + Array("text\tlabel\r\na\rb\t1\r\n".utf8))
        let format = try TSVFormat(text: .name("text"), label: .name("label"), hasHeader: true, labelNames: names)
        let dataset = try TSVReader.read(path: path, format: format)
        XCTAssertEqual(dataset.examples, [LabeledText(text: "a\rb", label: 1)])
    }

    func testColumnsByIndexWithoutHeader() throws {
        let path = try directory.write("i.tsv", "1\tgood\textra\n0\tbad\n")
        let format = try TSVFormat(text: .index(1), label: .index(0), labelNames: names)
        let dataset = try TSVReader.read(path: path, format: format)
        XCTAssertEqual(dataset.examples.map(\.text), ["good", "bad"])
        XCTAssertEqual(dataset.labels, [1, 0])
    }

    func testShortRowNamesLineAndColumn() throws {
        let path = try directory.write("short.tsv", "text\tlabel\nfine\tpositive\nno label here\n")
        let format = try TSVFormat(text: .name("text"), label: .name("label"), hasHeader: true, labelNames: names)
        let error = expectError { () throws(DatasetReadError) in _ = try TSVReader.read(path: path, format: format) }
        XCTAssertEqual(error, DatasetReadError(file: path, line: 3, field: "label", code: .missingField))
        XCTAssertEqual(error?.description, "\(path):3: field 'label': required field is missing")
    }

    func testBadLabelAndBadScoreNameLineAndColumn() throws {
        let labelPath = try directory.write("label.tsv", "good\t1\nhmm\tneutral\n")
        let plain = try TSVFormat(labelNames: names)
        let labelError = expectError { () throws(DatasetReadError) in _ = try TSVReader.read(path: labelPath, format: plain) }
        XCTAssertEqual(
            labelError,
            DatasetReadError(file: labelPath, line: 2, field: "column 1", code: .unknownLabel("neutral", known: names)))

        let scorePath = try directory.write("score.tsv", "good\t1\t0.5\nbad\t0\tnan\n")
        let scored = try TSVFormat(score: .index(2), labelNames: names)
        let scoreError = expectError { () throws(DatasetReadError) in _ = try TSVReader.read(path: scorePath, format: scored) }
        XCTAssertEqual(scoreError, DatasetReadError(file: scorePath, line: 2, field: "column 2", code: .invalidNumber("nan")))
    }

    func testMissingHeaderColumnAndNameWithoutHeaderAreRefused() throws {
        let path = try directory.write("h.tsv", "text\tgold\nok\t1\n")
        let wrongName = try TSVFormat(text: .name("text"), label: .name("label"), hasHeader: true, labelNames: names)
        XCTAssertEqual(
            expectError { () throws(DatasetReadError) in _ = try TSVReader.read(path: path, format: wrongName) },
            DatasetReadError(file: path, line: 1, field: "label", code: .missingField))

        let noHeader = try TSVFormat(text: .name("text"), labelNames: names)
        XCTAssertEqual(
            expectError { () throws(DatasetReadError) in _ = try TSVReader.read(path: path, format: noHeader) },
            DatasetReadError(file: path, field: "text", code: .columnNameWithoutHeader("text")))
    }
}
