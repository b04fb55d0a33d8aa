import Foundation
import XCTest

/// `seedfl up --log-format json --log-level ...`: every role's log file is JSON lines that
/// name the role (and id), the launcher keeps a log file per role, and the level filters.
final class RoleLogRunTests: XCTestCase {
    func testJSONLogsPerRoleAndTheLevelFilters() throws {
        let dir = try ProcessHarness.runDirectory("logs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let smoke = ProcessHarness.topology("smoke.yaml")
        let json = try ProcessHarness.run(["up", smoke, "--rounds", "5", "--run-dir", dir + "/a", "--fresh", "--json",
                                           "--log-format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr.suffix(2000).description)
        let expected = ["broker": nil, "aggregator-root": "root", "evaluator": nil,
                        "trainer-0": "0", "trainer-1": "1", "trainer-2": "2", "trainer-3": "3"]
        for (file, id) in expected {
            let text = try String(contentsOfFile: "\(dir)/a/logs/\(file).log", encoding: .utf8)
            let lines = text.split(separator: "\n")
            XCTAssertFalse(lines.isEmpty, file)
            for line in lines {
                let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], String(line))
                XCTAssertEqual(object["role"], String(file.prefix { $0 != "-" }), String(line))
                XCTAssertEqual(object["id"], id, String(line))
                XCTAssertNotNil(object["level"].flatMap { ["info", "warning", "error"].contains($0) ? $0 : nil }, String(line))
            }
        }
        // At warning, a healthy run's role logs are empty (every line of it is info).
        let quiet = try ProcessHarness.run(["up", smoke, "--rounds", "5", "--run-dir", dir + "/b", "--fresh", "--json",
                                            "--log-level", "warning"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr.suffix(2000).description)
        for file in expected.keys {
            XCTAssertEqual(try String(contentsOfFile: "\(dir)/b/logs/\(file).log", encoding: .utf8), "", file)
        }
    }
}
