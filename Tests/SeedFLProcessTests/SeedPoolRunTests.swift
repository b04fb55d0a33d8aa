import Foundation
import XCTest

/// A seed-pool run across real processes: a trainer that joins 300 rounds late and one that
/// is killed and restarted (with a pool, trainers keep no checkpoint: the restart replays the
/// whole history into the pool's coefficients) end at the ledger's model, and the rounds drew
/// their seeds from the pool.
final class SeedPoolRunTests: XCTestCase {
    func testLateAndRestartedTrainersRebuildTheLedgersModelFromThePool() throws {
        let dir = try ProcessHarness.runDirectory("pool")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rounds = 900
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for (a, b) in [("min_trainers: 4", "min_trainers: 3"), ("batch_size: 32\n", "batch_size: 32\n    seed_pool: 16\n"),
                       ("snapshot_lag: 20", "snapshot_lag: 0"), ("snapshot_every: 10", "snapshot_every: 0")] {
            XCTAssert(text.contains(a), "smoke.yaml no longer contains '\(a)'")
            text = text.replacingOccurrences(of: a, with: b)
        }
        let topology = dir + "/topology.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        let common = ["--topology", topology, "--run-dir", dir, "--rounds", "\(rounds)"]
        var processes: [String: Process] = [:]
        func start(_ name: String, _ args: [String]) throws {
            processes[name] = try ProcessHarness.start(args + common, log: "\(dir)/\(name).log")
        }
        func latest() -> Int { ProcessHarness.status(dir, "broker")?["latest_sequence"] as? Int ?? 0 }
        defer { ProcessHarness.stop(Array(processes.values)) }
        try start("broker", ["broker"])
        try start("aggregator", ["aggregator"])
        for id in 0..<3 { try start("trainer-\(id)", ["trainer", "--id", "\(id)"]) }
        XCTAssert(ProcessHarness.wait(timeout: 120) { latest() >= 300 }, "no progress: see \(dir)/*.log")
        try start("trainer-3", ["trainer", "--id", "3"])                  // 300 rounds behind
        XCTAssert(ProcessHarness.wait(timeout: 120) { latest() >= 400 })
        kill(processes["trainer-1"]!.processIdentifier, SIGKILL)
        processes["trainer-1"]!.waitUntilExit()
        XCTAssert(ProcessHarness.wait(timeout: 120) { latest() >= 500 })
        XCTAssertLessThan(latest(), rounds, "trainer 1 must come back before the run ends")
        try start("trainer-1", ["trainer", "--id", "1"])                  // no checkpoint: replays everything
        XCTAssert(ProcessHarness.wait(timeout: 300) {
            (ProcessHarness.status(dir, "broker")?["done"] as? Bool ?? false)
                && (0..<4).allSatisfy { ProcessHarness.status(dir, "trainer-\($0)")?["applied_sequence"] as? Int == rounds }
        }, "run did not finish: see \(dir)/*.log")
        ProcessHarness.stop(Array(processes.values))

        let report = try ProcessHarness.verifiedReport(dir)
        XCTAssertEqual(report["rounds_committed"] as? Int, rounds)
        let model = report["model_fingerprint"] as? String
        for id in 0..<4 {
            XCTAssertEqual(ProcessHarness.status(dir, "trainer-\(id)")?["fingerprint"] as? String, model, "trainer \(id)")
        }
        XCTAssertGreaterThan(ProcessHarness.status(dir, "trainer-3")?["catch_up_seconds"] as? Double ?? -1, 0)
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/checkpoints")) ?? []
        XCTAssertEqual(checkpoints.filter { $0.hasPrefix("trainer-") }, [], "a pooled trainer keeps no checkpoint")

        let export = try ProcessHarness.run(["ledger", "export", "--run", dir])
        let seeds = Set(export.stdout.split(separator: "\n").compactMap { line in
            line.firstRange(of: #/"seed":\s*(\d+)/#).map { String(line[$0]) }
        })
        XCTAssert((2...16).contains(seeds.count), "\(seeds.count) distinct seeds")
    }
}
