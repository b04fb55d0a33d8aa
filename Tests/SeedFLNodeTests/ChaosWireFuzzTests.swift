import Foundation
import XCTest
@testable import SeedFLNode

/// The wire fuzzer: in process for its bookkeeping, and as `seedfl fuzz-wire` in a separate
/// process for volume (a trap there ends that process, not the test runner).
final class ChaosWireFuzzTests: XCTestCase {
    func testFuzzerExercisesEveryStrategyAndOutcome() {
        let report = ChaosWireFuzzer(seed: 42).run(iterations: 20_000)
        XCTAssertTrue(report.passed, "non-canonical \(report.nonCanonicalExamples), corpus \(report.corpusInvalid)")
        XCTAssertEqual(report.accepted + report.rejected.values.reduce(0, +), 20_000)
        XCTAssertEqual(report.strategies.count, 8)
        XCTAssertTrue(report.strategies.values.allSatisfy { $0 > 1_000 }, "\(report.strategies)")
        XCTAssertGreaterThan(report.accepted, 0, "mutations that keep a frame valid must occur")
        for kind in ["truncated", "trailingBytes", "countOutOfRange", "badMagic", "unknownType", "invalidValue"] {
            XCTAssertGreaterThan(report.rejected[kind] ?? 0, 0, "no input refused as \(kind): \(report.rejected)")
        }
        // Same seed, same inputs, same outcomes.
        let again = ChaosWireFuzzer(seed: 42).run(iterations: 20_000)
        XCTAssertEqual(again.rejected, report.rejected)
        XCTAssertEqual(again.accepted, report.accepted)
    }

    /// A million inputs, always: measured here, the debug binary takes ~7 s for them
    /// (~150 000 inputs/s) and the release one ~1 s (Scripts/test.sh points SEEDFL_BINARY
    /// at it), so no reduced count is needed for debug runs.
    func testMillionInputsInASeparateProcess() throws {
        let iterations = 1_000_000
        let result = try ProcessHarness.run(["fuzz-wire", "--iterations", String(iterations), "--seed", "7", "--json"],
                                            timeout: 600)
        XCTAssertEqual(result.status, 0, "fuzz-wire ended with \(result.status) (a signal means a trap):\n\(result.stderr)")
        let report = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout), result.stdout + result.stderr)
        XCTAssertEqual(report["iterations"] as? Int, iterations)
        XCTAssertEqual(report["non_canonical"] as? Int, 0)
        XCTAssertEqual(report["passed"] as? Bool, true)
        let rejected = try XCTUnwrap(report["rejected"] as? [String: Int])
        XCTAssertEqual((report["accepted"] as? Int ?? 0) + rejected.values.reduce(0, +), iterations)
    }
}
