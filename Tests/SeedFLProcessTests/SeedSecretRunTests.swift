import Foundation
import XCTest

/// The private seed shift's secret belongs to trainers only: a real run with
/// `seed_shift: private` leaves it in no broker or aggregator file, log, status or
/// environment, while trainers and the operator's tools replay the same model with it.
final class SeedSecretRunTests: XCTestCase {
    func testTheSecretNeverReachesTheBrokerOrTheAggregator() throws {
        let home = try ProcessHarness.runDirectory("secret")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = home + "/run"
        let secretText = "correct-horse-battery-staple-\(UInt32.random(in: 0...UInt32.max))"
        let secret = try ProcessHarness.seedSecretFile(in: home, secretText)
        let secretPath = try XCTUnwrap(secret["SEEDFL_SEED_SECRET_FILE"])
        let text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  seed: 7\n", with: "  seed: 7\n  seed_shift: private\n")
            .replacingOccurrences(of: "snapshot_every: 10", with: "snapshot_every: 0")
        let topology = home + "/topology.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)

        // Long enough to look at the running processes.
        let rounds = 600
        let up = try ProcessHarness.start(["up", topology, "--run-dir", run, "--rounds", "\(rounds)", "--fresh", "--json"],
                                          log: home + "/up.log", environment: secret)
        defer { ProcessHarness.stop([up]) }
        var environments: [String: String] = [:]
        XCTAssert(ProcessHarness.wait(timeout: 120) {
            for role in ["broker", "aggregator-root", "trainer-0"] {
                guard let pid = ProcessHarness.status(run, role)?["pid"] as? Int,
                      let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
                environments[role] = String(decoding: data, as: UTF8.self)
            }
            return true
        }, "roles did not start: see \(home)/up.log")
        XCTAssertFalse(environments["broker"]!.contains("SEEDFL_SEED_SECRET_FILE"), "withheld from the broker")
        XCTAssertFalse(environments["aggregator-root"]!.contains("SEEDFL_SEED_SECRET_FILE"), "withheld from the aggregator")
        XCTAssertTrue(environments["trainer-0"]!.contains(secretPath), "given to trainers")

        XCTAssert(ProcessHarness.wait(timeout: 300) { !up.isRunning }, "run did not finish: see \(home)/up.log")
        up.waitUntilExit()
        XCTAssertEqual(up.terminationStatus, 0, "see \(home)/up.log")

        // No file of the run holds the secret: ledger, statuses, logs, topology copy, checkpoints.
        let files = FileManager.default.enumerator(atPath: run)?.compactMap { $0 as? String } ?? []
        XCTAssertGreaterThan(files.count, 5)
        for file in files {
            guard let data = FileManager.default.contents(atPath: run + "/" + file) else { continue }
            XCTAssertNil(data.range(of: Data(secretText.utf8)), "\(file) holds the secret")
            if file.hasPrefix("logs/broker") || file.hasPrefix("logs/aggregator") || file.hasPrefix("status/") {
                XCTAssertNil(data.range(of: Data(secretPath.utf8)), "\(file) names the secret's file")
            }
        }

        // With the secret, the operator's tools replay the same model; without it they refuse.
        let report = try XCTUnwrap(ProcessHarness.lastJSON(try String(contentsOfFile: home + "/up.log", encoding: .utf8)))
        let simulated = try ProcessHarness.run(["simulate", topology, "--rounds", "\(rounds)", "--json"], environment: secret)
        XCTAssertEqual(ProcessHarness.lastJSON(simulated.stdout)?["fingerprint"] as? String, report["model_fingerprint"] as? String)
        let blind = try ProcessHarness.run(["verify", "--run", run], environment: ["SEEDFL_SEED_SECRET_FILE": ""])
        XCTAssertNotEqual(blind.status, 0)
        XCTAssertTrue(blind.stderr.contains("SEEDFL_SEED_SECRET_FILE"), blind.stderr)
    }
}
