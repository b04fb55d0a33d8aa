import Foundation
import XCTest

/// A short `Scripts/netlab.sh --secure` run: real network namespaces joined by a bridge, the
/// broker, the aggregator and each trainer on its own host, every socket CURVE over tcp,
/// trainer links unlimited and limited to 1 Mbit/s by tbf. CI runs as root; without a capability the script names, this test fails
/// with that name rather than passing silently.
final class NetlabTests: XCTestCase {
    func testDenseAndSeedRunsAcrossNamespacesAndLimitedLinks() throws {
        let work = try ProcessHarness.runDirectory("netlab")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let dimension = 100_000
        let result = try ProcessHarness.run(
            [ProcessHarness.repository.appendingPathComponent("Scripts/netlab.sh").path, "--json", "--secure",
             "--algorithms", "decomfl fedzo", "--links", "0 1", "--dimension", String(dimension),
             "--trainers", "2", "--sample", "2", "--rounds", "2", "--binary", ProcessHarness.binary, "--work", work],
            timeout: 600, executable: "/bin/bash")
        XCTAssertNotEqual(result.status, 3, "netlab lacks a capability: \(result.stderr)")
        XCTAssertEqual(result.status, 0, result.stderr.suffix(2000).description)
        let runs = try XCTUnwrap(ProcessHarness.lastJSON(result.stdout)?["runs"] as? [[String: Any]], result.stdout)
        XCTAssertEqual(runs.count, 4)
        func run(_ algorithm: String, _ link: Int?) throws -> [String: Any] {
            try XCTUnwrap(runs.first { $0["algorithm"] as? String == algorithm && $0["link_mbit"] as? Int == link },
                          "\(algorithm) at \(link.map(String.init) ?? "unlimited")")
        }
        for algorithm in ["decomfl", "fedzo"] {
            let free = try run(algorithm, nil), limited = try run(algorithm, 1)
            for r in [free, limited] {
                XCTAssertEqual(r["parameters"] as? Int, dimension)
                XCTAssertEqual(r["rounds"] as? Int, 2)
                for key in ["seconds_per_round", "uplink_bytes_per_trainer_per_round", "downlink_bytes_per_trainer_per_round"] {
                    XCTAssertGreaterThan(r[key] as? Double ?? 0, 0, "\(algorithm): \(key)")
                }
                // The interface sees every socket byte plus TCP/IP headers.
                XCTAssertGreaterThan(r["uplink_wire_bytes_per_trainer_per_round"] as? Double ?? 0,
                                     r["uplink_bytes_per_trainer_per_round"] as? Double ?? .infinity, algorithm)
            }
            // The link changes how long a round takes, never what it computes.
            XCTAssertEqual(free["final_loss"] as? Double, limited["final_loss"] as? Double, algorithm)
        }
        // FedZO ships d floats each way; DeComFL's bytes do not depend on d.
        XCTAssertGreaterThan(try run("fedzo", 1)["uplink_bytes_per_trainer_per_round"] as? Double ?? 0, Double(4 * dimension))
        XCTAssertLessThan(try run("decomfl", 1)["uplink_bytes_per_trainer_per_round"] as? Double ?? .infinity, 5_000)
        let topology = try String(contentsOfFile: work + "/decomfl-1/topology.yaml", encoding: .utf8)
        XCTAssert(topology.contains("security:"), "the lab ran with CURVE")
        let broker = ProcessHarness.status(work + "/decomfl-1/run", "broker") ?? [:]
        XCTAssertEqual(broker["handshakes_refused"] as? Int, 0, "every role's key was accepted: \(broker)")
    }
}
