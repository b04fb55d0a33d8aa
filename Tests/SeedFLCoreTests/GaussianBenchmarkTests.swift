import Foundation
import SeedFLCore
import XCTest

/// The benchmark runs end to end at test scale and reports what it measured. (No timing
/// assertions: the machine is shared; the numbers are in the report, not in a test.)
final class GaussianBenchmarkTests: XCTestCase {
    func testSmallRunReportsEveryRate() throws {
        let report = try GaussianBenchmark.run(parameters: 100_000, threads: 2, repetitions: 1)
        XCTAssertEqual(report.parameters, 100_000)
        XCTAssertEqual(report.singleThread.threads, 1)
        XCTAssertEqual(report.multiThread.threads, 2)
        XCTAssertEqual(report.path, GaussianPath.best)
        for rates in [report.singleThread, report.multiThread] {
            for rate in [rates.generate, rates.generateAndApply, rates.applyStored] {
                XCTAssertTrue(rate.wall.isFinite && rate.wall > 0, "\(rates)")
                XCTAssertTrue(rate.perCPUSecond.isFinite && rate.perCPUSecond > 0, "\(rates)")
            }
        }
        let decoded = try JSONDecoder().decode(
            GaussianBenchmarkReport.self, from: JSONEncoder().encode(report))
        XCTAssertEqual(decoded, report)
    }

    func testNonPositiveArgumentsAreRefused() {
        for (parameters, threads, repetitions, name) in [(0, 1, 1, "parameters"), (10, -1, 1, "threads"), (10, 1, 0, "repetitions")] {
            XCTAssertThrowsError(try GaussianBenchmark.run(parameters: parameters, threads: threads, repetitions: repetitions)) {
                XCTAssertEqual(($0 as? GaussianBenchmarkError)?.argument, name)
            }
        }
        // 2^60 floats could never be allocated: refused before trying.
        XCTAssertThrowsError(try GaussianBenchmark.run(parameters: 1 << 60, threads: 1, repetitions: 1)) {
            XCTAssertEqual(($0 as? GaussianBenchmarkError)?.argument, "parameters")
        }
    }
}
