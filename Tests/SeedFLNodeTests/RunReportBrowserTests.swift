import Foundation
import XCTest
@testable import SeedFLNode
@testable import SeedFLReport

/// A real browser opens the page and its script reports whether every plot was drawn.
/// Skipped without Chromium, unless `SEEDFL_REQUIRE_BROWSER=1` (CI) makes that a failure.
final class RunReportBrowserTests: XCTestCase {
    func testChromiumDrawsEveryPlotOfAFullRun() throws {
        let chromium = try RunReportChromium.requireBinary()
        let dir = try RunReportFixture.fullRun("browser")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = try RunReport.write(runDirectory: dir).path

        let dom = try RunReportChromium.dumpDOM(of: page, binary: chromium)
        let body = RunReportChromium.body(dom)
        XCTAssertEqual(body["data-plots-total"], "5", "the page's script ran")
        XCTAssertEqual(body["data-plots-drawn"], "5", "every plot has drawn series")
        let plots = RunReportChromium.svgTags(dom).filter { $0["class"] == "plot" }
        XCTAssertEqual(plots.compactMap { $0["id"] }, RunReportPageTests.plotIDs)
        for plot in plots {
            XCTAssertEqual(plot["data-drawn"], "true", plot["id"] ?? "?")
            XCTAssertEqual(plot["data-series-drawn"], plot["data-series-total"], plot["id"] ?? "?")
        }
        XCTAssertEqual(plots.first { $0["id"] == "plot-bytes" }?["data-series-total"], "2", "this run and FedZO")
    }

    func testChromiumReportsEmptyPlotsAsNotDrawn() throws {
        let chromium = try RunReportChromium.requireBinary()
        let dir = try RunReportFixture.directory("browser-empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Only a summary: the bytes plot can still be drawn from it, the other four cannot.
        try RunReportFixture.writeJSON(RunReportFixture.summary(), to: dir + "/summary.json")
        let page = try RunReport.write(runDirectory: dir).path

        let dom = try RunReportChromium.dumpDOM(of: page, binary: chromium)
        let body = RunReportChromium.body(dom)
        XCTAssertEqual(body["data-plots-total"], "5")
        XCTAssertEqual(body["data-plots-drawn"], "1")
        let drawn = RunReportChromium.svgTags(dom).filter { $0["data-drawn"] == "true" }.compactMap { $0["id"] }
        XCTAssertEqual(drawn, ["plot-bytes"])
    }

    func testAMissingBrowserSkipsOrFailsNamingThePackage() {
        let nowhere = ["PATH": "/nonexistent-\(UUID().uuidString)"]
        let fallback = "/nonexistent/chromium"
        XCTAssertThrowsError(try RunReportChromium.requireBinary(environment: nowhere, fallback: fallback)) { error in
            XCTAssertTrue(error is XCTSkip, "\(error)")
            XCTAssertTrue("\(error)".contains("chromium"), "\(error)")
        }
        let required = nowhere.merging(["SEEDFL_REQUIRE_BROWSER": "1"]) { $1 }
        XCTAssertThrowsError(try RunReportChromium.requireBinary(environment: required, fallback: fallback)) { error in
            XCTAssertFalse(error is XCTSkip, "required: a failure, not a skip")
            XCTAssertTrue("\(error)".contains("`chromium` package"), "\(error)")
        }
    }
}
