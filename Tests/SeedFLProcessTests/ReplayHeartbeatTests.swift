import Foundation
import XCTest

/// Real processes: a trainer that joins late replays a long history of a large model (a
/// 40-million-parameter synthetic problem: each commit is a pass over 160 MB) and keeps
/// heartbeating while it does, so the broker never marks it dead, and it ends on the
/// verified model. Before the replay backlog, the whole history chunk was applied in one go
/// on the socket thread, for longer than the 2 s liveness window.
final class ReplayHeartbeatTests: XCTestCase {
    private let rounds = 40

    func testALongReplayNeverSilencesTheTrainer() throws {
        let dir = try ProcessHarness.runDirectory("replay")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for (from, to) in [("    kind: logreg\n    buckets: 512\n", "    kind: synthetic\n    dimension: 40000000\n"),
                           ("min_trainers: 4", "min_trainers: 3"), ("snapshot_every: 10", "snapshot_every: 0"),
                           ("snapshot_lag: 20", "snapshot_lag: 0"), ("checkpoint_every: 20", "checkpoint_every: 1000"),
                           ("round_timeout_ms: 5000", "round_timeout_ms: 60000"),
                           // ZO-SGD's stable step shrinks as 1/d: smoke's rate diverges at this size.
                           ("lr: 0.2", "lr: 0.00000001")] {
            XCTAssert(text.contains(from), "smoke.yaml no longer contains '\(from)'")
            text = text.replacingOccurrences(of: from, with: to)
        }
        let topology = dir + "/topology.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        let common = ["--topology", topology, "--run-dir", dir, "--rounds", "\(rounds)"]
        var processes: [String: Process] = [:]
        defer { ProcessHarness.stop(Array(processes.values)) }
        processes["broker"] = try ProcessHarness.start(["broker"] + common, log: "\(dir)/broker.log")
        processes["aggregator"] = try ProcessHarness.start(["aggregator"] + common, log: "\(dir)/aggregator.log")
        for id in 0..<3 {
            processes["trainer-\(id)"] = try ProcessHarness.start(["trainer", "--id", "\(id)"] + common,
                                                                 log: "\(dir)/trainer-\(id).log")
        }
        XCTAssert(ProcessHarness.wait(timeout: 300) {
            ProcessHarness.status(dir, "broker")?["done"] as? Bool ?? false
        }, "the run did not finish: see \(dir)/*.log")
        processes["trainer-3"] = try ProcessHarness.start(["trainer", "--id", "3"] + common, log: "\(dir)/trainer-3.log")
        XCTAssert(ProcessHarness.wait(timeout: 300) {
            ProcessHarness.status(dir, "trainer-3")?["applied_sequence"] as? Int == self.rounds
        }, "the late trainer did not catch up: see \(dir)/trainer-3.log")
        ProcessHarness.stop(Array(processes.values))

        let late = ProcessHarness.status(dir, "trainer-3") ?? [:]
        let replaySeconds = late["catch_up_seconds"] as? Double ?? 0
        // The replay must outlast the liveness window, or this test would show nothing.
        XCTAssertGreaterThan(replaySeconds, 2.0, "the replay was too short to test anything: see \(dir)/trainer-3.log")
        let deaths = (try? String(contentsOfFile: dir + "/liveness.jsonl", encoding: .utf8)) ?? ""
        print("late trainer replayed \(rounds) commits in \(replaySeconds) s; deaths recorded: \(deaths.isEmpty ? "none" : deaths)")
        XCTAssertFalse(deaths.contains("\"trainer\":3"), "the broker marked the replaying trainer dead:\n\(deaths)")
        let verify = try ProcessHarness.run(["verify", "--run", dir, "--json"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        let report = ProcessHarness.lastJSON(verify.stdout) ?? [:]
        XCTAssertEqual(late["fingerprint"] as? String, report["model_fingerprint"] as? String)
    }
}
