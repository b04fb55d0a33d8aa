import Foundation
import XCTest

/// Every ZeroMQ connection is a file descriptor: a role started under the usual soft limit
/// (here 256) raises it to the hard limit before it opens anything.
final class OpenFileLimitTests: XCTestCase {
    private func openFiles(_ pid: Int32) -> (soft: String, hard: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else { return nil }
        let fields = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 2 ? (String(fields[0]), String(fields[1])) : nil
    }

    func testRolesRaiseTheirOpenFileLimitToTheHardLimit() throws {
        let home = try ProcessHarness.runDirectory("nofile")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = home + "/run"
        let up = try ProcessHarness.start(
            ["-c", "ulimit -Sn 256 && exec \"$0\" \"$@\"", ProcessHarness.binary, "up", ProcessHarness.topology("smoke.yaml"),
             "--run-dir", run, "--rounds", "100000", "--fresh"],
            log: home + "/up.log", executable: "/bin/sh")
        defer { ProcessHarness.stop([up]) }
        XCTAssert(ProcessHarness.wait(timeout: 120) { (ProcessHarness.status(run, "broker")?["latest_sequence"] as? Int ?? 0) > 0 },
                  "no progress: see \(home)/up.log")
        XCTAssertEqual(openFiles(up.processIdentifier)?.soft, openFiles(up.processIdentifier)?.hard, "the launcher")
        for role in ["broker", "aggregator-root", "trainer-0"] {
            let pid = try XCTUnwrap(ProcessHarness.status(run, role)?["pid"] as? Int32, role)
            let limits = try XCTUnwrap(openFiles(pid), role)
            XCTAssertEqual(limits.soft, limits.hard, role)
            XCTAssertNotEqual(limits.soft, "256", role)
        }
    }
}
