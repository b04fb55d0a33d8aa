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
        // Every trainer kill is either noticed by the broker or answered in time.
        XCTAssertEqual((report["trainer_kills_detected"] as? Int ?? -1) + (report["trainer_kills_undetected"] as? Int ?? -1),
                       byRole["trainer"] ?? 0)

        // And it still learns.
        let initial = try XCTUnwrap(report["initial_loss"] as? Double)
        let final = try XCTUnwrap(report["final_loss"] as? Double)
        XCTAssertLessThan(final, initial)
    }

    /// FedMeZO's personalised rates under trainer kills: a restarted trainer resumes its
    /// personalisation state (PersonalizationFile), so every round still equals its
    /// recomputation from the ledger. Without the saved state a restarted trainer would use
    /// the default rate where the recompute uses its personalised one, and this would fail.
    func testPersonalisedRatesSurviveTrainerKills() throws {
        let directory = try ProcessHarness.runDirectory("chaos-personal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let smoke = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        let topology = "\(directory)-topology.yaml"
        defer { try? FileManager.default.removeItem(atPath: topology) }
        try smoke.replacingOccurrences(of: "  aggregation: mean\n",
                                       with: "  aggregation: mean\n  personalization: { strategy: loss-diff-5, max_factor: 3 }\n")
            .write(toFile: topology, atomically: true, encoding: .utf8)
        let result = try ProcessHarness.run([
            "chaos", topology, "--run-dir", directory, "--rounds", "300", "--seed", "5",
            "--kill-interval", "0.4", "--max-down", "1.0", "--pause-probability", "0", "--trainer-faults", "4",
            "--broker-kills", "0", "--aggregator-kills", "0", "--timeout", "300", "--json",
        ], timeout: 400)
        let report = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout), "no JSON report; stderr:\n\(result.stderr)")
        XCTAssertEqual(result.status, 0, "failures: \(report["failures"] ?? "none"); stderr:\n\(result.stderr)")
        let byRole = try XCTUnwrap(report["kills_by_role"] as? [String: Int])
        XCTAssertGreaterThan(byRole["trainer"] ?? 0, 0)
        XCTAssertEqual(report["rounds_committed"] as? Int, 300)
        XCTAssertEqual(report["lost_commits"] as? Int, 0)
        XCTAssertEqual(report["recompute"] as? String, "checked")
        XCTAssertEqual(report["recomputed_rounds"] as? Int, 300)
        XCTAssertEqual(report["recompute_mismatches"] as? Int, 0)
        // The states were saved, and they hold history (so the rates were personalised).
        let saved = try (0..<4).compactMap { id -> Data? in
            FileManager.default.contents(atPath: "\(directory)/checkpoints/trainer-\(id).personalization.json")
        }
        XCTAssertEqual(saved.count, 4)
        let signals = try saved.map { try XCTUnwrap(JSONSerialization.jsonObject(with: $0) as? [String: Any]) }
            .compactMap { ($0["state"] as? [String: Any])?["loss_signals"] as? [Double] }
        XCTAssertEqual(signals.count, 4)
        XCTAssertTrue(signals.contains { $0.contains { $0 > 0 } }, "\(signals)")
    }

    /// The language model under trainer kills: every trainer of `llm-tiny.yaml` computes in
    /// every round, so the kills land mid-computation. The killed trainers stay down longer
    /// than the 3 s liveness window, so the broker marks them dead (from its records:
    /// `max_detection_seconds`), aborts the round it cannot finish and goes on; nothing is lost
    /// or repeated and every trainer ends on the ledger's model.
    func testLanguageModelTrainerKillsAreNoticedAndLoseNothing() throws {
        let model = ProcessHarness.repository.appendingPathComponent("assets/models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        if !FileManager.default.fileExists(atPath: model) && ProcessInfo.processInfo.environment["SEEDFL_ASSETS"] == nil {
            if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" { XCTFail("the model is missing") }
            throw XCTSkip("the model is not fetched (Scripts/fetch-assets.sh)")
        }
        let directory = try ProcessHarness.runDirectory("chaos-llm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProcessHarness.run([
            "chaos", ProcessHarness.topology("llm-tiny.yaml"), "--run-dir", directory, "--rounds", "6", "--seed", "4",
            "--kill-interval", "3", "--max-down", "8", "--pause-probability", "0", "--trainer-faults", "2",
            "--broker-kills", "0", "--aggregator-kills", "0", "--skip-recompute", "--timeout", "900", "--json",
        ], timeout: 1000)
        let report = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout), "no JSON report; stderr:\n\(result.stderr)")
        XCTAssertEqual(result.status, 0, "failures: \(report["failures"] ?? "none"); stderr:\n\(result.stderr)")
        let byRole = try XCTUnwrap(report["kills_by_role"] as? [String: Int])
        XCTAssertEqual(byRole["trainer"], 2)
        XCTAssertEqual(report["rounds_committed"] as? Int, 6)
        XCTAssertEqual(report["lost_commits"] as? Int, 0)
        XCTAssertEqual(report["duplicate_sequence_numbers"] as? Int, 0)
        XCTAssertEqual(report["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(report["observed_fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(report["trainers_at_final_sequence"] as? Int, 3)
        // The broker recorded each death; how fast is reported (docs/benchmarks.md), not asserted.
        let deaths = try String(contentsOfFile: directory + "/liveness.jsonl", encoding: .utf8)
            .split(separator: "\n").count
        XCTAssertGreaterThanOrEqual(deaths, report["trainer_kills_detected"] as? Int ?? 0)
        XCTAssertGreaterThan(report["trainer_kills_detected"] as? Int ?? 0, 0, "a trainer down for longer than 3 s is marked dead")
        XCTAssertNotNil(report["max_detection_seconds"] as? Double)
    }
}
