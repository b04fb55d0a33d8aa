import Foundation
import SeedFLWireFuzzing
import XCTest
@testable import SeedFLNode

/// The wire fuzzer: in process for its bookkeeping, and as `seedfl fuzz-wire` in a separate
/// process for volume (a trap there ends that process, not the test runner).
final class ChaosWireFuzzTests: XCTestCase {
    func testFuzzerExercisesEveryStrategyAndOutcome() {
        let report = WireFuzzer(seed: 42).run(iterations: 20_000)
        XCTAssertTrue(report.passed, "non-canonical \(report.nonCanonicalExamples), corpus \(report.corpusInvalid)")
        XCTAssertEqual(report.accepted + report.rejected.values.reduce(0, +), 20_000)
        XCTAssertEqual(report.strategies.count, 8)
        XCTAssertTrue(report.strategies.values.allSatisfy { $0 > 1_000 }, "\(report.strategies)")
        XCTAssertGreaterThan(report.accepted, 0, "mutations that keep a frame valid must occur")
        for kind in ["truncated", "trailingBytes", "countOutOfRange", "badMagic", "unknownType", "invalidValue"] {
            XCTAssertGreaterThan(report.rejected[kind] ?? 0, 0, "no input refused as \(kind): \(report.rejected)")
        }
        // Same seed, same inputs, same outcomes.
        let again = WireFuzzer(seed: 42).run(iterations: 20_000)
        XCTAssertEqual(again.rejected, report.rejected)
        XCTAssertEqual(again.accepted, report.accepted)
    }
}
