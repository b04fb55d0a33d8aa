import Foundation
import XCTest

/// `seedfl fuzz-wire` in its own process: a trap in the decoder would end it with a signal.
final class FuzzCommandTests: XCTestCase {
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
