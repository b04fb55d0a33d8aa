import Foundation
import XCTest
import ZeroMQ

/// Roles started one by one as real processes, so the test can start a trainer late,
/// kill another with SIGKILL and restart it, and throw garbage at every bound endpoint.
final class CatchUpAndGarbageTests: XCTestCase {
    private func topology(in dir: String, replacing: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for (a, b) in replacing {
            XCTAssert(text.contains(a), "smoke.yaml no longer contains '\(a)'")
            text = text.replacingOccurrences(of: a, with: b)
        }
        let path = dir + "/topology.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func latest(_ dir: String) -> Int { ProcessHarness.status(dir, "broker")?["latest_sequence"] as? Int ?? 0 }

    func testLateAndRestartedTrainersCatchUpAndGarbageChangesNothing() throws {
        let dir = try ProcessHarness.runDirectory("late")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Long enough that the release binary (100+ rounds/s) is still mid-run when trainer 1
        // dies and comes back, so it really has a tail to replay.
        let rounds = 600
        let topology = try topology(in: dir, replacing: [("min_trainers: 4", "min_trainers: 3")])
        let common = ["--topology", topology, "--run-dir", dir, "--rounds", "\(rounds)"]
        var processes: [String: Process] = [:]
        func start(_ name: String, _ args: [String]) throws {
            processes[name] = try ProcessHarness.start(args + common, log: "\(dir)/\(name).log")
        }
        defer { ProcessHarness.stop(Array(processes.values)) }
        try start("broker", ["broker"])
        try start("aggregator", ["aggregator"])
        for id in 0..<3 { try start("trainer-\(id)", ["trainer", "--id", "\(id)"]) }

        XCTAssert(ProcessHarness.wait(timeout: 120) { self.latest(dir) >= 10 }, "no progress: see \(dir)/*.log")
        try start("trainer-3", ["trainer", "--id", "3"])                 // joins late: replays history
        try sendGarbage(dir: dir)
        XCTAssert(ProcessHarness.wait(timeout: 120) { self.latest(dir) >= 100 })
        try start("evaluator", ["evaluator"])                              // joins late: scores history as it replays it
        kill(processes["trainer-1"]!.processIdentifier, SIGKILL)           // dies mid-run
        processes["trainer-1"]!.waitUntilExit()
        XCTAssert(ProcessHarness.wait(timeout: 120) { self.latest(dir) >= 200 })
        XCTAssertLessThan(latest(dir), rounds, "trainer 1 must come back before the run ends")
        try start("trainer-1", ["trainer", "--id", "1"])                 // comes back: checkpoint + tail
        let restartedPID = Int(processes["trainer-1"]!.processIdentifier)
        XCTAssert(ProcessHarness.wait(timeout: 300) {
            let t1 = ProcessHarness.status(dir, "trainer-1")
            return (ProcessHarness.status(dir, "broker")?["done"] as? Bool ?? false)
                && t1?["pid"] as? Int == restartedPID
                && (0..<4).allSatisfy { ProcessHarness.status(dir, "trainer-\($0)")?["applied_sequence"] as? Int == rounds }
                && ProcessHarness.status(dir, "evaluator")?["evaluated_sequence"] as? Int == rounds
        }, "run did not finish: see \(dir)/*.log")
        ProcessHarness.stop(Array(processes.values))

        let report = try ProcessHarness.verifiedReport(dir)
        // The late evaluator scored every due sequence, history included, on the right models.
        let evaluations = report["checkpoint"] as? [String: Any] ?? [:]
        XCTAssertEqual(evaluations["evaluations"] as? Int, rounds / 50 + 1, "\(evaluations)")
        XCTAssertEqual(evaluations["mismatches"] as? Int, 0)
        XCTAssertEqual(report["rounds_committed"] as? Int, rounds)
        let restarted = ProcessHarness.status(dir, "trainer-1") ?? [:]
        XCTAssertGreaterThan(restarted["catch_up_seconds"] as? Double ?? -1, 0, "the restarted trainer replayed a tail")

        // Garbage was counted where it landed and reached no ledger: the run still equals
        // the simulator's computation over the same committed rounds (verify replayed it).
        let brokerDrops = ProcessHarness.status(dir, "broker")?["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThan(brokerDrops.values.reduce(0, +), 0, "broker counted the garbage")
        let aggregatorDrops = ProcessHarness.status(dir, "aggregator-root")?["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThan(aggregatorDrops.values.reduce(0, +), 0, "aggregator counted the garbage")
    }

    /// Random bytes, a truncated and a wrong-version frame to the broker's ROUTER and PULL
    /// and to the aggregator's PULL.
    private func sendGarbage(dir: String) throws {
        let context = try Context()
        defer { context.terminate() }
        var rng = SystemRandomNumberGenerator()
        var frames: [[UInt8]] = (0..<20).map { _ in (0..<Int.random(in: 1...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        frames.append([0x53, 0x46])                      // "SF": a truncated header
        frames.append([0x53, 0x46, 0x09, 0x05, 0, 0, 0]) // wrong version
        let options = SocketOptions(linger: .milliseconds(500))
        let dealer = try Dealer(context: context, options: options)
        try dealer.connect("ipc://\(dir)/ctl")
        let toBroker = try Pusher(context: context, options: options)
        try toBroker.connect("ipc://\(dir)/agg")
        let toAggregator = try Pusher(context: context, options: options)
        try toAggregator.connect("ipc://\(dir)/contrib")
        for f in frames {
            _ = try dealer.send(frame: f)
            _ = try toBroker.send(frame: f)
            _ = try toAggregator.send(frame: f)
        }
        Thread.sleep(forTimeInterval: 0.5)   // let linger flush before closing
        try dealer.close(linger: .milliseconds(500))
        try toBroker.close(linger: .milliseconds(500))
        try toAggregator.close(linger: .milliseconds(500))
    }

    /// Bytes per trainer per round, counted at the sockets, do not depend on d.
    func testSocketBytesPerRoundDoNotDependOnDimension() throws {
        var measured: [Int: (Double, Double)] = [:]
        for d in [1_000, 1_000_000] {
            let dir = try ProcessHarness.runDirectory("dim")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let topology = try topology(in: dir, replacing: [
                ("    kind: logreg\n    buckets: 512", "    kind: synthetic\n    dimension: \(d)\n    examples: 64"),
                ("    lr: 0.2", "    lr: 0.000001"), ("partitioner: dirichlet:1", "partitioner: iid"),
            ])
            let result = try ProcessHarness.run(["up", topology, "--rounds", "5", "--run-dir", dir + "/run", "--json"])
            XCTAssertEqual(result.status, 0, result.stderr.suffix(3000).description)
            let s = ProcessHarness.lastJSON(result.stdout) ?? [:]
            XCTAssertEqual(s["rounds_committed"] as? Int, 5)
            measured[d] = (s["uplink_bytes_per_trainer_per_round"] as? Double ?? -1,
                           s["downlink_bytes_per_trainer_per_round"] as? Double ?? -1)
        }
        XCTAssertGreaterThan(measured[1_000]!.0, 0)
        XCTAssertGreaterThan(measured[1_000]!.1, 0)
        XCTAssertEqual(measured[1_000]!.0, measured[1_000_000]!.0)
        XCTAssertEqual(measured[1_000]!.1, measured[1_000_000]!.1)
    }
}
