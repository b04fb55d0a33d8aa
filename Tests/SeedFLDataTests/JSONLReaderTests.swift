import SeedFLData
import XCTest

final class JSONLReaderTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private let names = ["negative", "positive"]

    func testReadsIntegerAndStringLabelsScoresAndIgnoresOtherKeys() throws {
        let path = try directory.write("ok.jsonl", """
            {"sentence": "great film", "y": "positive", "rating": 3.5, "meta": {"a": [1, 2]}}

            {"sentence": "dull", "y": 0, "rating": -2}
            {"sentence": "fine", "y": "1", "rating": null}
            """ + "\n")
        let format = try JSONLFormat(textKey: "sentence", labelKey: "y", scoreKey: "rating", labelNames: names)
        let dataset = try JSONLReader.read(path: path, format: format)
        XCTAssertEqual(dataset.examples, [
            LabeledText(text: "great film", label: 1, score: 3.5),
            LabeledText(text: "dull", label: 0, score: -2),
            LabeledText(text: "fine", label: 1, score: nil),
        ])
        XCTAssertEqual(dataset.labelNames, names)
        XCTAssertEqual(dataset.labelCounts, [1, 2])
    }

    func testMalformedLineNamesFileAndLine() throws {
        let path = try directory.write("bad.jsonl", "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \n")
        let format = try JSONLFormat(labelNames: names)
        let error = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: path, format: format) }
        XCTAssertEqual(error?.file, path)
        XCTAssertEqual(error?.line, 2)
        guard case .malformedJSON = error?.code else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(error?.description.hasPrefix("\(path):2: malformed JSON") ?? false, "\(String(describing: error))")
    }

    func testFieldErrorsNameLineAndKey() throws {
        let format = try JSONLFormat(labelNames: names)
        let cases: [(String, String, DatasetReadError.Code)] = [
            ("{\"label\": 0}", "text", .missingField),
            ("{\"text\": 5, \"label\": 0}", "text", .wrongType(expected: "string", found: "number")),
            ("{\"text\": \"x\"}", "label", .missingField),
            ("{\"text\": \"x\", \"label\": 1.5}", "label", .wrongType(expected: "integer or string", found: "number")),
            ("{\"text\": \"x\", \"label\": true}", "label", .wrongType(expected: "integer or string", found: "boolean")),
            ("{\"text\": \"x\", \"label\": 2}", "label", .labelOutOfRange(2, classes: 2)),
            ("{\"text\": \"x\", \"label\": \"neutral\"}", "label", .unknownLabel("neutral", known: names)),
        ]
        for (number, (badLine, field, code)) in cases.enumerated() {
            let path = try directory.write("field\(number).jsonl", "{\"text\": \"ok\", \"label\": 1}\n" + badLine + "\n")
            let error = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: path, format: format) }
            XCTAssertEqual(error, DatasetReadError(file: path, line: 2, field: field, code: code), badLine)
        }
    }

    func testNonObjectLineAndEmptyFileAreRefused() throws {
        let format = try JSONLFormat(labelNames: names)
        let arrayPath = try directory.write("array.jsonl", "[1, 2]\n")
        let arrayError = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: arrayPath, format: format) }
        XCTAssertEqual(arrayError, DatasetReadError(file: arrayPath, line: 1, code: .notAnObject))

        let emptyPath = try directory.write("empty.jsonl", "\n  \n")
        let emptyError = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: emptyPath, format: format) }
        XCTAssertEqual(emptyError, DatasetReadError(file: emptyPath, code: .noExamples))
    }

    func testMissingFileIsACannotReadError() throws {
        let path = directory.url.appendingPathComponent("absent.jsonl").path
        let format = try JSONLFormat(labelNames: names)
        let error = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: path, format: format) }
        XCTAssertEqual(error?.file, path)
        XCTAssertNil(error?.line)
        guard case .cannotRead = error?.code else { return XCTFail("got \(String(describing: error))") }
    }

    func testInvalidUTF8NamesItsLine() throws {
        let bytes = Array("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"".utf8) + [0xFF, 0xFE] + Array("\", \"label\": 0}\n".utf8)
        let path = try directory.write("latin.jsonl", bytes: bytes)
        let format = try JSONLFormat(labelNames: names)
        let error = expectError { () throws(DatasetReadError) in _ = try JSONLReader.read(path: path, format: format) }
        XCTAssertEqual(error, DatasetReadError(file: path, line: 2, code: .invalidUTF8))
    }

    func testFormatRefusesUnusableLabelNames() {
        XCTAssertEqual(
            expectError { () throws(TextDatasetError) in _ = try JSONLFormat(labelNames: []) },
            TextDatasetError(code: .noLabelNames))
        XCTAssertEqual(
            expectError { () throws(TextDatasetError) in _ = try JSONLFormat(labelNames: ["a", "a"]) },
            TextDatasetError(code: .duplicateLabelName))
    }
}
