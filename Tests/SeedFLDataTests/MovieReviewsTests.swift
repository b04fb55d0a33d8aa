import Foundation
import SeedFLData
import XCTest

final class MovieReviewsTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testSignOfRatingLabelsAndZerosAreDropped() throws {
        let path = try directory.write(
            "m.txt", "1\t2.25\tgood one\r\n2\t0.0\tmeh\r\n3\t-0.5\tweak\r\n4\t0\tnothing\r\n5\t4\ttops")
        let reviews = try MovieReviews.load(path: path)
        XCTAssertEqual(reviews.rowCount, 5)
        XCTAssertEqual(reviews.neutralRowsDropped, 2)
        XCTAssertEqual(reviews.dataset.labelNames, ["negative", "positive"])
        XCTAssertEqual(reviews.dataset.examples, [
            LabeledText(text: "good one", label: 1, score: 2.25),
            LabeledText(text: "weak", label: 0, score: -0.5),
            LabeledText(text: "tops", label: 1, score: 4),
        ])
    }

    func testMalformedRowsNameLineAndField() throws {
        let cases: [(String, DatasetReadError.Code, String?)] = [
            ("9\t1.0", .wrongFieldCount(expected: 3, found: 2), nil),
            ("9\tgood\ttext", .invalidNumber("good"), "rating"),
            ("9\tinf\ttext", .invalidNumber("inf"), "rating"),
            ("9\t4.5\ttext", .valueOutOfRange(4.5, allowed: -4...4), "rating"),
            ("9\t1.0\t", .missingField, "sentence"),
        ]
        for (number, (badRow, code, field)) in cases.enumerated() {
            let path = try directory.write("bad\(number).txt", "1\t1.0\tfine\r\n" + badRow + "\r\n")
            let error = expectError { () throws(DatasetReadError) in _ = try MovieReviews.load(path: path) }
            XCTAssertEqual(error, DatasetReadError(file: path, line: 2, field: field, code: code), badRow)
        }
    }

    /// The real file fetched by `Scripts/fetch-assets.sh`. The expected numbers were
    /// measured on the file with SHA-256 c8293b0d…bd13350 (10,605 rows; the last line has
    /// no newline). Skipped when the file is absent unless `SEEDFL_REQUIRE_ASSETS=1`.
    func testRealMovieReviewFile() throws {
        let path = try Self.realFilePath()
        let reviews = try MovieReviews.load(path: path)
        XCTAssertEqual(reviews.rowCount, 10_605)
        XCTAssertEqual(reviews.neutralRowsDropped, 37)
        XCTAssertEqual(reviews.dataset.count, 10_568)
        XCTAssertEqual(reviews.dataset.labelCounts, [5_326, 5_242])
        let first = try XCTUnwrap(reviews.dataset.examples.first)
        XCTAssertEqual(first.label, 1)
        XCTAssertEqual(first.score, 2.26666666667)
        XCTAssertTrue(first.text.hasPrefix("The Rock is destined to be the 21st Century's new ''Conan''"))
        let last = try XCTUnwrap(reviews.dataset.examples.last)
        XCTAssertEqual(last.label, 0)
        XCTAssertEqual(last.score, -1.8125)
        XCTAssertTrue(last.text.hasSuffix("In this case zero."), "the unterminated last line must be read whole")
        XCTAssertFalse(reviews.dataset.examples.contains { $0.text.hasSuffix("\r") })

        let (train, test) = try reviews.dataset.stratifiedSplit(seed: 2024)
        XCTAssertEqual(test.count, 1_000)
        XCTAssertEqual(test.labelCounts, [504, 496])
        XCTAssertEqual(train.labelCounts, [4_822, 4_746])
    }

    /// `$SEEDFL_ASSETS` or `<repo>/assets`, then `data/movieReviewSnippets_GroundTruth.txt`.
    static func realFilePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let assets: String
        if let configured = environment["SEEDFL_ASSETS"], !configured.isEmpty {
            assets = configured
        } else {
            // This file is <repo>/Tests/SeedFLDataTests/MovieReviewsTests.swift.
            assets = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("assets").path
        }
        let path = assets + "/" + MovieReviews.assetPath
        if !FileManager.default.fileExists(atPath: path) {
            let message = "\(path) is missing; run Scripts/fetch-assets.sh --data-only"
            if environment["SEEDFL_REQUIRE_ASSETS"] == "1" {
                throw MissingAssetError(description: message + " (SEEDFL_REQUIRE_ASSETS=1 makes this a failure)")
            }
            throw XCTSkip(message)
        }
        return path
    }
}

/// The real data file is required (`SEEDFL_REQUIRE_ASSETS=1`) but absent; thrown so the
/// test fails with this message.
struct MissingAssetError: Error, CustomStringConvertible {
    let description: String
}
