import Foundation
import XCTest

/// A few hundred trainers on this host: `Scripts/scale.sh` runs Topologies/scale-1000.yaml cut
/// down to 300 trainers (four processes of 75, a forwarder, four edge aggregators under a
/// root). Every trainer ends at the model the ledger determines, the ledger is the one the
/// simulator commits for the same run, and the trainers' statuses come as one file per
/// process, not one per trainer.
final class ScaleRunTests: XCTestCase {
    func testThreeHundredTrainersInFourProcessesCommitTheSimulatorsLedger() throws {
        let work = try ProcessHarness.runDirectory("scale")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let trainers = 300, rounds = 30
        let result = try ProcessHarness.run(
            [ProcessHarness.repository.appendingPathComponent("Scripts/scale.sh").path, "--json",
             "--trainers", String(trainers), "--rounds", String(rounds), "--binary", ProcessHarness.binary, "--work", work],
            timeout: 600, executable: "/bin/bash")
        XCTAssertEqual(result.status, 0, result.stderr.suffix(2000).description)
        let runs = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout)?["runs"] as? [[String: Any]], result.stdout)
        let run = try XCTUnwrap(runs.first)
        XCTAssertEqual(run["passed"] as? Bool, true)
        XCTAssertEqual(run["rounds"] as? Int, rounds)
        XCTAssertEqual(run["trainers_at_final_model"] as? Int, trainers)
        XCTAssertGreaterThan(run["broker_cpu_ms_per_round"] as? Double ?? 0, 0)
        XCTAssertGreaterThan(run["peak_rss_bytes_per_trainer"] as? Int ?? 0, 0)

        // Four trainer processes, each with one status file holding its 75 trainers.
        let status = "\(work)/n\(trainers)/run/status"
        let files = try FileManager.default.contentsOfDirectory(atPath: status).sorted()
        XCTAssertEqual(files.filter { $0.hasPrefix("trainers-") },
                       ["trainers-0-74.json", "trainers-150-224.json", "trainers-225-299.json", "trainers-75-149.json"])
        XCTAssert(files.allSatisfy { !$0.hasPrefix("trainer-") }, "no per-trainer status files: \(files)")
        let group = try XCTUnwrap(ProcessHarness.status("\(work)/n\(trainers)/run", "trainers-75-149"))
        let members = try XCTUnwrap(group["trainers"] as? [[String: Any]])
        XCTAssertEqual(members.compactMap { $0["id"] as? Int }, Array(75..<150))
        XCTAssert(members.allSatisfy { $0["done"] as? Bool == true && $0["applied_sequence"] as? Int == rounds })

        let summary = try XCTUnwrap(ProcessHarness.lastJSON(
            String(contentsOfFile: "\(work)/n\(trainers)/summary.json", encoding: .utf8)))
        let simulated = try ProcessHarness.run(["simulate", "\(work)/n\(trainers)/topology.yaml", "--json"])
        XCTAssertEqual(simulated.status, 0, simulated.stderr)
        XCTAssertEqual(summary["ledger_fingerprint"] as? String,
                       ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String)
    }
}
