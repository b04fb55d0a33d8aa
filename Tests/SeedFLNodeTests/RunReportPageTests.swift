import Foundation
import XCTest
@testable import SeedFLNode
@testable import SeedFLReport

final class RunReportPageTests: XCTestCase {
    static let plotIDs = ["plot-loss", "plot-accuracy-rounds", "plot-accuracy-time", "plot-bytes", "plot-round-duration"]

    func testEscapingCoversTheFiveSpecialCharacters() {
        XCTAssertEqual(HTMLText.escape(#"<a href="x">Tom & 'Jerry'</a>"#),
                       "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        XCTAssertEqual(HTMLText.escape("plain ünïcode ✓"), "plain ünïcode ✓")
        XCTAssertEqual(HTMLText.escape("&amp;"), "&amp;amp;", "escaping is not idempotent, so escape once")
    }

    func testHostileStringsInTheInputsNeverBecomeMarkup() throws {
        let dir = try RunReportFixture.fullRun("hostile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var summary = RunReportFixture.summary()
        summary["algorithm"] = "<script>alert(1)</script>"
        summary["ledger_fingerprint"] = #""><img src=x onerror=alert(2)>"#
        summary["run_dir"] = "</title><svg onload=alert(3)>"
        try RunReportFixture.writeJSON(summary, to: dir + "/summary.json")
        let page = try String(contentsOfFile: try RunReport.write(runDirectory: dir).path, encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "<script").count - 1, 1, "only the page's own script")
        XCTAssertFalse(page.contains("<img"))
        XCTAssertFalse(page.contains("<svg onload"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("&lt;/title&gt;&lt;svg onload=alert(3)&gt;"))
    }

    func testThePageIsSelfContainedWithEveryPlotOnce() throws {
        let dir = try RunReportFixture.fullRun("page")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/elsewhere.html"
        let outcome = try RunReport.write(runDirectory: dir, to: out)
        XCTAssertEqual(outcome.path, out)
        XCTAssertEqual(outcome.plots, 5)
        XCTAssertEqual(outcome.rounds, 50)
        XCTAssertEqual(outcome.evaluations, 6)
        XCTAssertFalse(FileManager.default.fileExists(atPath: RunReport.defaultPath(runDirectory: dir)), "--out honoured")
        let page = try String(contentsOfFile: out, encoding: .utf8)
        for forbidden in ["http:", "https:", "//", "src=", "href=", "@import", "url(", "<link"] {
            // "//" would be a protocol-relative URL; the script and style have no comments.
            XCTAssertFalse(page.contains(forbidden), "page refers outside itself: \(forbidden)")
        }
        XCTAssertEqual(page.components(separatedBy: "<svg class=\"plot\"").count - 1, 5)
        for id in Self.plotIDs {
            XCTAssertEqual(page.components(separatedBy: "id=\"\(id)\"").count - 1, 1, id)
        }
        XCTAssertTrue(page.contains("data-plots-total=\"5\""))
        XCTAssertTrue(page.contains("selected (sequence 40)"))
        XCTAssertTrue(page.contains("134,515,008"))
        XCTAssertTrue(page.contains(String(repeating: "3f9a", count: 16)))
        // Same inputs, same bytes: nothing on the page depends on the clock or locale.
        try RunReport.write(runDirectory: dir, to: out + ".again")
        XCTAssertEqual(try String(contentsOfFile: out + ".again", encoding: .utf8), page)
    }

    func testHeaderFallsBackToTheBaseModelEvaluationForZeroShot() throws {
        let dir = try RunReportFixture.fullRun("zeroshot")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var summary = RunReportFixture.summary()
        summary["zero_shot_test_accuracy"] = nil
        try RunReportFixture.writeJSON(summary, to: dir + "/summary.json")
        let input = try RunReportInput.load(runDirectory: dir)
        let header = RunReportPage.numbers(input)
        XCTAssertTrue(header.contains("<dt>Zero-shot test accuracy</dt><dd>0.600</dd>"), header)
        XCTAssertEqual(RunReportPage.grouped(1_234), "1,234")
        XCTAssertEqual(RunReportPage.grouped(-999), "-999")
        XCTAssertEqual(RunReportPage.grouped(1_000_000), "1,000,000")
    }
}
