import Foundation
import XCTest

/// Real processes on real sockets: `seedfl up` starts the broker, aggregator(s), the
/// optional forwarder and the trainers of a topology, and these tests check the
/// invariants of ARCHITECTURE.md on what they produced.
final class DistributedRunTests: XCTestCase {
    private func up(_ topology: String, rounds: Int, tag: String, extra: [String] = []) throws -> [String: Any] {
        let dir = try ProcessHarness.runDirectory(tag)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try ProcessHarness.run(["up", ProcessHarness.topology(topology), "--rounds", "\(rounds)",
                                             "--run-dir", dir, "--json"] + extra)
        XCTAssertEqual(result.status, 0, "seedfl up \(topology) failed:\n\(result.stderr.suffix(4000))")
        guard let json = ProcessHarness.lastJSON(result.stdout) else {
            XCTFail("no JSON summary from up \(topology):\n\(result.stdout.suffix(2000))\n\(result.stderr.suffix(2000))")
            return [:]
        }
        return json
    }

    private func simulate(_ topology: String, rounds: Int) throws -> [String: Any] {
        let result = try ProcessHarness.run(["simulate", ProcessHarness.topology(topology), "--rounds", "\(rounds)", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return ProcessHarness.lastJSON(result.stdout) ?? [:]
    }

    /// Every trainer ends on the model an independent replay of the ledger gives, the
    /// loss falls, and the ledger is exactly the simulator's.
    func testSmokeOverIPCMatchesTheSimulator() throws {
        let summary = try up("smoke.yaml", rounds: 40, tag: "ipc")
        XCTAssertEqual(summary["rounds_committed"] as? Int, 40)
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0)
        let fingerprints = summary["trainer_fingerprints"] as? [String: String] ?? [:]
        XCTAssertEqual(fingerprints.count, 4)
        XCTAssertEqual(Set(fingerprints.values).count, 1, "all trainers hold one model")
        let initial = summary["initial_loss"] as? Double ?? 0, final = summary["final_loss"] as? Double ?? 1
        XCTAssertLessThan(final, initial)
        let simulated = try simulate("smoke.yaml", rounds: 40)
        XCTAssertEqual(summary["ledger_fingerprint"] as? String, simulated["ledger_fingerprint"] as? String)
        XCTAssertEqual(Set(fingerprints.values).first, simulated["fingerprint"] as? String)
    }

    func testSmokeOverTCP() throws {
        let summary = try up("local-tcp.yaml", rounds: 20, tag: "tcp")
        XCTAssertEqual(summary["rounds_committed"] as? Int, 20)
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0)
        let simulated = try simulate("local-tcp.yaml", rounds: 20)
        XCTAssertEqual(summary["ledger_fingerprint"] as? String, simulated["ledger_fingerprint"] as? String)
    }

    /// The forwarder and the aggregation tree change the plumbing, never the ledger.
    func testForwarderAndHierarchicalTopologiesCommitTheSameLedger() throws {
        let direct = try simulate("smoke.yaml", rounds: 15)["ledger_fingerprint"] as? String
        XCTAssertNotNil(direct)
        for topology in ["forwarder.yaml", "hierarchical.yaml"] {
            let summary = try up(topology, rounds: 15, tag: String(topology.prefix(4)))
            XCTAssertEqual(summary["rounds_committed"] as? Int, 15, topology)
            XCTAssertEqual(summary["ledger_fingerprint"] as? String, direct, topology)
            XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0, topology)
        }
    }

    /// The dense baselines use the same sockets and processes; their bytes grow with d
    /// (here d = 512: 4 bytes per parameter each way) and the ledger still equals the
    /// simulator's.
    func testDenseBaselinesOverProcesses() throws {
        for algorithm in ["fedzo", "fedmezo"] {
            let dir = try ProcessHarness.runDirectory(algorithm)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
            text = text.replacingOccurrences(of: "algorithm: decomfl", with: "algorithm: \(algorithm)")
                .replacingOccurrences(of: "estimator: forward", with: algorithm == "fedmezo" ? "estimator: central" : "estimator: forward")
            let topology = dir + "/topology.yaml"
            try text.write(toFile: topology, atomically: true, encoding: .utf8)
            let result = try ProcessHarness.run(["up", topology, "--rounds", "8", "--run-dir", dir + "/run", "--json"])
            XCTAssertEqual(result.status, 0, result.stderr.suffix(3000).description)
            let summary = ProcessHarness.lastJSON(result.stdout) ?? [:]
            XCTAssertEqual(summary["rounds_committed"] as? Int, 8, algorithm)
            XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0, algorithm)
            XCTAssertGreaterThan(summary["uplink_bytes_per_trainer_per_round"] as? Double ?? 0, 4 * 512, algorithm)
            XCTAssertGreaterThan(summary["downlink_bytes_per_trainer_per_round"] as? Double ?? 0, 4 * 512, algorithm)
            let simulated = try ProcessHarness.run(["simulate", topology, "--rounds", "8", "--json"])
            XCTAssertEqual(summary["ledger_fingerprint"] as? String,
                           ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String, algorithm)
        }
    }
}
