import Foundation
import XCTest
@testable import SeedFLNode
@testable import SeedFLReport

final class RunReportParsingTests: XCTestCase {
    func testAFullRunDirectoryParsesEveryFile() throws {
        let dir = try RunReportFixture.fullRun("parse")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = try RunReportInput.load(runDirectory: dir)
        XCTAssertEqual(input.summary.roundsCommitted, 50)
        XCTAssertEqual(input.summary.seconds, 112.4)
        XCTAssertEqual(input.summary.parameters, 134_515_008)
        XCTAssertEqual(input.summary.algorithm, "decomfl")
        XCTAssertEqual(input.summary.selectedSequence, 40)
        XCTAssertEqual(input.summary.participation, 0.25)
        XCTAssertEqual(input.rounds?.count, 50)
        XCTAssertEqual(input.rounds?.map(\.sequence), Array(1...50))
        XCTAssertEqual(input.rounds?.first?.unixMilliseconds, RunReportFixture.round(1)["unix_ms"] as? Int64)
        XCTAssertEqual(input.evaluations?.map(\.sequence), [0, 10, 20, 30, 40, 50])
        XCTAssertNil(input.evaluations?[1].testAccuracy, "test_* may be absent")
        XCTAssertEqual(input.evaluations?[1].validationAccuracy ?? 0, 0.66, accuracy: 1e-12)
        XCTAssertEqual(input.malformedRoundLines, 0)
        XCTAssertEqual(input.malformedEvaluationLines, 0)
    }

    func testMalformedLinesAreSkippedCountedAndShown() throws {
        let dir = try RunReportFixture.directory("malformed")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RunReportFixture.writeJSON(RunReportFixture.summary(), to: dir + "/summary.json")
        let good = try RunReportFixture.line(RunReportFixture.round(1))
        let lines = [
            good,
            "{broken",                                            // not JSON
            "[1, 2]",                                             // not an object
            #"{"sequence":"two","unix_ms":1}"#,                   // wrong type
            #"{"sequence":0,"unix_ms":1}"#,                       // rounds start at 1
            #"{"unix_ms":1}"#,                                    // no sequence
            "",                                                   // blank: not malformed
            #"{"sequence":3,"unix_ms":1764730009000}"# + "\r",    // CRLF and no loss: fine
            #"{"sequence":2,"unix_ms":1764730005000,"mean_loss":0.5}"#,
        ]
        // The torn last line of a killed writer: no newline at the end.
        try RunReportFixture.writeText(lines.joined(separator: "\n") + "\n{\"sequence\":4,\"unix", to: dir + "/rounds.jsonl")
        try RunReportFixture.writeText("{\"sequence\":0,\"unix_ms\":5}\nnull\n", to: dir + "/evaluations.jsonl")

        let input = try RunReportInput.load(runDirectory: dir)
        XCTAssertEqual(input.rounds?.map(\.sequence), [1, 2, 3], "sorted by sequence")
        XCTAssertNil(input.rounds?[2].meanLoss)
        XCTAssertEqual(input.malformedRoundLines, 6)
        XCTAssertEqual(input.evaluations?.count, 1)
        XCTAssertEqual(input.malformedEvaluationLines, 1)

        let outcome = try RunReport.write(runDirectory: dir)
        XCTAssertEqual(outcome.malformedLines, 7)
        let page = try String(contentsOfFile: outcome.path, encoding: .utf8)
        XCTAssertTrue(page.contains("rounds.jsonl: 6 malformed line(s) skipped."))
        XCTAssertTrue(page.contains("evaluations.jsonl: 1 malformed line(s) skipped."))
    }

    func testMissingLineFilesGiveEmptyPlotsWithNotes() throws {
        let dir = try RunReportFixture.directory("missing")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RunReportFixture.writeJSON(["rounds_committed": 0, "seconds": 0.5], to: dir + "/summary.json")
        let input = try RunReportInput.load(runDirectory: dir)
        XCTAssertNil(input.rounds)
        XCTAssertNil(input.evaluations)
        XCTAssertNil(input.summary.parameters)
        XCTAssertEqual(input.summary.participation, 1)

        let outcome = try RunReport.write(runDirectory: dir)
        XCTAssertNil(outcome.rounds)
        let page = try String(contentsOfFile: outcome.path, encoding: .utf8)
        XCTAssertTrue(page.contains(RunReportPlots.noRoundsFile))
        XCTAssertTrue(page.contains(RunReportPlots.noEvaluationsFile))
        XCTAssertEqual(page.components(separatedBy: "<text class=\"no-data\"").count - 1, 5, "every plot says no data")
        XCTAssertFalse(page.contains("class=\"series\""), "nothing to draw")
    }

    func testAMissingSummaryIsAnError() throws {
        let dir = try RunReportFixture.directory("nosummary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertThrowsError(try RunReport.write(runDirectory: dir)) { error in
            XCTAssertEqual((error as? RunReportError)?.code, .missingSummary)
            XCTAssertTrue("\(error)".contains("summary.json"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: RunReport.defaultPath(runDirectory: dir)))
    }

    func testASummaryNeedsItsTwoRequiredKeysButToleratesOddOptionalOnes() throws {
        let dir = try RunReportFixture.directory("badsummary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for text in ["not json", "[]", #"{"rounds_committed": 3}"#, #"{"seconds": 1, "rounds_committed": "3"}"#] {
            try RunReportFixture.writeText(text, to: dir + "/summary.json")
            XCTAssertThrowsError(try RunReportInput.load(runDirectory: dir), text) { error in
                XCTAssertEqual((error as? RunReportError)?.code, .badSummary, text)
            }
        }
        try RunReportFixture.writeText(#"{"rounds_committed": 3, "seconds": 2, "parameters": "many", "sample": null, "#
                                       + #""algorithm": 7, "clients": 4, "unknown": {"a": 1}}"#, to: dir + "/summary.json")
        let summary = try RunReportInput.load(runDirectory: dir).summary
        XCTAssertEqual(summary.roundsCommitted, 3)
        XCTAssertNil(summary.parameters)
        XCTAssertNil(summary.sample)
        XCTAssertNil(summary.algorithm)
        XCTAssertEqual(summary.clients, 4)
    }

    func testFilesOverTheLimitsAreRefusedWithAClearError() throws {
        let dir = try RunReportFixture.fullRun("limits")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let small = RunReportLimits(maxFileBytes: 2000, maxLines: 1_000_000)   // the summary fits, the rounds do not
        XCTAssertThrowsError(try RunReportInput.load(runDirectory: dir, limits: small)) { error in
            XCTAssertEqual((error as? RunReportError)?.code, .fileTooLarge)
            XCTAssertTrue("\(error)".contains("rounds.jsonl"), "\(error)")
        }
        let short = RunReportLimits(maxFileBytes: 1 << 20, maxLines: 10)
        XCTAssertThrowsError(try RunReportInput.load(runDirectory: dir, limits: short)) { error in
            XCTAssertEqual((error as? RunReportError)?.code, .tooManyLines)
            XCTAssertTrue("\(error)".contains("rounds.jsonl"), "\(error)")
        }
        // Blank lines count towards the line limit too: a file of newlines is bounded work.
        let parsed = try? JSONLines<RoundRecord>.parse(Data(repeating: UInt8(ascii: "\n"), count: 11),
                                                       file: "x", limits: short)
        XCTAssertNil(parsed)
        XCTAssertEqual(RunReportLimits.default.maxLines, 1_000_000)
        XCTAssertEqual(RunReportLimits.default.maxFileBytes, 256 << 20)
    }

    func testExtremeValuesInTheFilesDoNotTrap() throws {
        let dir = try RunReportFixture.directory("extreme")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RunReportFixture.writeText(#"{"rounds_committed": -5, "seconds": 1e308, "parameters": 9223372036854775807, "#
                                       + #""clients": 0, "sample": 99, "uplink_bytes_per_trainer_per_round": -1, "#
                                       + #""selected_sequence": 9223372036854775807}"#, to: dir + "/summary.json")
        try RunReportFixture.writeLines([#"{"sequence":1,"unix_ms":-9223372036854775808,"mean_loss":1e308}"#,
                                         #"{"sequence":9223372036854775807,"unix_ms":9223372036854775807,"mean_loss":-1e308}"#],
                                        to: dir + "/rounds.jsonl")
        try RunReportFixture.writeLines([#"{"sequence":0,"unix_ms":9223372036854775807,"validation_accuracy":1e308}"#],
                                        to: dir + "/evaluations.jsonl")
        let outcome = try RunReport.write(runDirectory: dir)
        XCTAssertEqual(outcome.rounds, 2)
        XCTAssertEqual(outcome.evaluations, 1)
        let page = try String(contentsOfFile: outcome.path, encoding: .utf8)
        // As whole words: "dominant-baseline" contains "nan".
        XCTAssertNil(page.range(of: #"(?<![a-z])-?nan(?![a-z])"#, options: .regularExpression), "no NaN coordinates")
        XCTAssertNil(page.range(of: #"(?<![a-z])-?inf(?![a-z])"#, options: .regularExpression), "no infinite coordinates")
    }
}

