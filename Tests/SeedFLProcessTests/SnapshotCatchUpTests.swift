import Foundation
import XCTest
@testable import SeedFLNode
import SeedFLStore

/// Real processes: a trainer that starts far behind catches up from the broker's model
/// snapshot (DeComFL appendix A.3) and ends on the model `seedfl verify` replays; a snapshot
/// whose fingerprint is wrong is refused and the trainer converges through history instead.
final class SnapshotCatchUpTests: XCTestCase {
    private let rounds = 60

    /// smoke.yaml (which stores a snapshot every 10 commits and uses snapshots beyond a lag
    /// of 20 rounds) with three trainers enough to run rounds, so a fourth can start late.
    private func topology(in dir: String) throws -> String {
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for expected in ["snapshot_every: 10", "snapshot_lag: 20", "min_trainers: 4"] {
            XCTAssert(text.contains(expected), "smoke.yaml no longer contains '\(expected)'")
        }
        text = text.replacingOccurrences(of: "min_trainers: 4", with: "min_trainers: 3")
        let path = dir + "/topology.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func brokerStatus(_ dir: String) -> [String: Any] { ProcessHarness.status(dir, "broker") ?? [:] }

    /// Runs broker, aggregator and trainers 0-2 to `rounds` commits; returns the processes.
    private func runThreeTrainers(_ dir: String, _ common: [String]) throws -> [String: Process] {
        var processes: [String: Process] = [:]
        processes["broker"] = try ProcessHarness.start(["broker"] + common, log: "\(dir)/broker.log")
        processes["aggregator"] = try ProcessHarness.start(["aggregator"] + common, log: "\(dir)/aggregator.log")
        for id in 0..<3 {
            processes["trainer-\(id)"] = try ProcessHarness.start(["trainer", "--id", "\(id)"] + common,
                                                                 log: "\(dir)/trainer-\(id).log")
        }
        return processes
    }

    private func verify(_ dir: String) throws -> [String: Any] {
        let verify = try ProcessHarness.run(["verify", "--run", dir, "--json"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        return ProcessHarness.lastJSON(verify.stdout) ?? [:]
    }

    func testLateTrainerLoadsSnapshotAndEndsOnTheVerifiedModel() throws {
        let dir = try ProcessHarness.runDirectory("snap")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let common = ["--topology", try topology(in: dir), "--run-dir", dir, "--rounds", "\(rounds)"]
        var processes = try runThreeTrainers(dir, common)
        defer { ProcessHarness.stop(Array(processes.values)) }
        XCTAssert(ProcessHarness.wait(timeout: 240) {
            (self.brokerStatus(dir)["latest_snapshot_sequence"] as? Int ?? 0) >= 50
        }, "no snapshot at 50: see \(dir)/*.log")
        processes["trainer-3"] = try ProcessHarness.start(["trainer", "--id", "3"] + common, log: "\(dir)/trainer-3.log")
        XCTAssert(ProcessHarness.wait(timeout: 240) {
            (self.brokerStatus(dir)["done"] as? Bool ?? false)
                && (0..<4).allSatisfy { ProcessHarness.status(dir, "trainer-\($0)")?["applied_sequence"] as? Int == self.rounds }
        }, "run did not finish: see \(dir)/*.log")
        ProcessHarness.stop(Array(processes.values))

        let late = ProcessHarness.status(dir, "trainer-3") ?? [:]
        XCTAssertGreaterThanOrEqual(late["snapshots_loaded"] as? Int ?? 0, 1, "see \(dir)/trainer-3.log")
        XCTAssertGreaterThan(brokerStatus(dir)["snapshots_stored"] as? Int ?? 0, 0)
        let report = try verify(dir)
        XCTAssertEqual(report["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(report["rounds_committed"] as? Int, rounds)
        XCTAssertEqual(late["fingerprint"] as? String, report["model_fingerprint"] as? String)
    }

    func testSnapshotWithWrongFingerprintIsRefusedAndHistoryConverges() throws {
        let dir = try ProcessHarness.runDirectory("badsnap")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rounds = 55         // snapshots at 40 and 50; the bad one goes in at 55
        let topologyPath = try topology(in: dir)
        let common = ["--topology", topologyPath, "--run-dir", dir, "--rounds", "\(rounds)"]
        var processes = try runThreeTrainers(dir, common)
        defer { ProcessHarness.stop(Array(processes.values)) }
        XCTAssert(ProcessHarness.wait(timeout: 240) {
            (self.brokerStatus(dir)["done"] as? Bool ?? false)
                && (self.brokerStatus(dir)["latest_snapshot_sequence"] as? Int ?? 0) == 50
        }, "run did not finish: see \(dir)/*.log")
        ProcessHarness.stop([processes["broker"]!])

        // The newest snapshot (the one served) announces a model its bytes do not hold: the
        // bytes of the snapshot at 50 under a made-up fingerprint, at sequence 55.
        let run = try TopologyFile.load(path: topologyPath).run
        let ledger = try Ledger(path: dir + "/ledger.sqlite", run: run.ledgerIdentity)
        let good = try XCTUnwrap(try ledger.latestSnapshot())
        let bytes = try ledger.snapshotChunk(sequence: good.sequence, offset: 0, length: good.size)
        try ledger.putSnapshot(sequence: UInt64(rounds), fingerprint: String(repeating: "f", count: 64), bytes: bytes)
        XCTAssertEqual(try ledger.latestSnapshot()?.sequence, UInt64(rounds))
        ledger.close()

        processes["broker"] = try ProcessHarness.start(["broker"] + common, log: "\(dir)/broker-2.log")
        processes["trainer-3"] = try ProcessHarness.start(["trainer", "--id", "3"] + common, log: "\(dir)/trainer-3.log")
        XCTAssert(ProcessHarness.wait(timeout: 240) {
            ProcessHarness.status(dir, "trainer-3")?["applied_sequence"] as? Int == rounds
        }, "late trainer did not catch up: see \(dir)/trainer-3.log")
        ProcessHarness.stop(Array(processes.values))

        let late = ProcessHarness.status(dir, "trainer-3") ?? [:]
        XCTAssertEqual(late["snapshots_loaded"] as? Int, 0)
        let drops = late["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThanOrEqual(drops["snapshot-refused"] ?? 0, 1, "see \(dir)/trainer-3.log")
        let report = try verify(dir)
        XCTAssertEqual(report["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(late["fingerprint"] as? String, report["model_fingerprint"] as? String)
    }
}
