import Foundation
import XCTest

/// `seedfl chaos` end to end on the smoke topology: real processes SIGKILLed, paused and
/// restarted (trainers, the root aggregator and the broker), then every invariant checked.
/// The harness's checks themselves are unit-tested in ChaosAuditTests; here they must all
/// come out clean on a real run under fire.
final class ChaosTests: XCTestCase {
    func testShortScheduleOnSmokeKeepsEveryInvariant() throws {
        let directory = try ProcessHarness.runDirectory("chaos")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProcessHarness.run([
            "chaos", ProcessHarness.topology("smoke.yaml"), "--run-dir", directory, "--rounds", "600", "--seed", "3",
            "--kill-interval", "0.5", "--max-down", "1.5", "--pause-probability", "0.3", "--trainer-faults", "4",
            "--broker-kills", "1", "--aggregator-kills", "1", "--timeout", "400", "--json",
        ], timeout: 480)
        let report = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout), "no JSON report; stderr:\n\(result.stderr)")
        XCTAssertEqual(result.status, 0, "failures: \(report["failures"] ?? "none"); stderr:\n\(result.stderr)")
        XCTAssertEqual(report["passed"] as? Bool, true)

        // The faults happened: both milestone kills, and trainer faults, each kill restarted.
        let byRole = try XCTUnwrap(report["kills_by_role"] as? [String: Int])
        XCTAssertEqual(byRole["broker"], 1)
        XCTAssertEqual(byRole["aggregator"], 1)
        let trainerFaults = (byRole["trainer"] ?? 0) + (report["pauses"] as? Int ?? 0)
        XCTAssertTrue((1...4).contains(trainerFaults), "\(trainerFaults) trainer faults")
        XCTAssertEqual(report["restarts"] as? Int, report["kills"] as? Int)
        XCTAssertEqual(report["unexpected_exits"] as? [String], [])

        // Exactly once and one model.
        XCTAssertEqual(report["rounds_committed"] as? Int, 600)
        XCTAssertEqual(report["broker_rounds_committed"] as? Int, 600)
        XCTAssertEqual(report["duplicate_sequence_numbers"] as? Int, 0)
        XCTAssertEqual(report["sequence_gaps"] as? Int, 0)
        XCTAssertEqual(report["lost_commits"] as? Int, 0)
        XCTAssertEqual(report["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(report["observed_fingerprint_mismatches"] as? Int, 0)
        XCTAssertGreaterThan(report["observed_fingerprints_checked"] as? Int ?? 0, 0)
        XCTAssertEqual(report["trainers_at_final_sequence"] as? Int, 4)
        // Never a corrupted update: every round equals its recomputation.
        XCTAssertEqual(report["recompute"] as? String, "checked")
        XCTAssertEqual(report["recomputed_rounds"] as? Int, 600)
        XCTAssertEqual(report["recompute_mismatches"] as? Int, 0)
        XCTAssertEqual(report["invalid_rounds"] as? Int, 0)

        // And it still learns.
        let initial = try XCTUnwrap(report["initial_loss"] as? Double)
        let final = try XCTUnwrap(report["final_loss"] as? Double)
        XCTAssertLessThan(final, initial)
    }
}
