import Foundation
import XCTest

/// A run whose disk fills up: the broker says so (status `storage_error`, `up`'s progress
/// line), opens no round while the ledger cannot be written, recovers by itself when space
/// comes back, and `up` stopped during the stall exits with 75 (EX_TEMPFAIL) and a message
/// that names the cause. Real processes on a real 8 MiB tmpfs.
final class FullDiskTests: XCTestCase {
    func testAFullDiskIsLoudAndTheRunRecoversWhenSpaceComesBack() throws {
        try XCTSkipUnless(getuid() == 0, "mounting a tmpfs needs root")
        let mount = "/tmp/sfl-full-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        XCTAssertEqual(try Self.shell(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]), 0)
        defer {
            _ = try? Self.shell(["umount", "-l", mount])
            try? FileManager.default.removeItem(atPath: mount)
        }
        let run = mount + "/run", filler = mount + "/filler"
        // The log stays off the full disk, so what `up` says can be read.
        let log = mount + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let up = try ProcessHarness.start(["up", ProcessHarness.topology("smoke.yaml"), "--fresh", "--rounds", "100000",
                                           "--run-dir", run], log: log)
        defer { ProcessHarness.stop([up]) }
        func said() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        func broker() -> [String: Any]? { ProcessHarness.status(run, "broker") }

        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { (broker()?["rounds_committed"] as? Int ?? 0) >= 30 }, said())
        Self.fill(filler)
        var reported = ""
        let stalled = ProcessHarness.wait(timeout: 60) {
            reported = broker()?["storage_error"] as? String ?? ""
            return !reported.isEmpty
        }
        XCTAssertTrue(stalled, "the broker never reported the full disk:\n\(said().suffix(3000))")
        XCTAssertTrue(reported.contains("disk is full"), reported)
        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { said().contains("LEDGER NOT WRITABLE") }, "no progress line said so")
        // While the ledger is unwritable nothing is committed.
        let during = broker()?["rounds_committed"] as? Int ?? -1
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertEqual(broker()?["rounds_committed"] as? Int, during)

        try FileManager.default.removeItem(atPath: filler)
        let recovered = ProcessHarness.wait(timeout: 60) {
            let s = broker()
            return s?["storage_error"] == nil && (s?["rounds_committed"] as? Int ?? 0) >= during + 20
        }
        XCTAssertTrue(recovered, "the run did not go on once space came back:\n\(said().suffix(3000))")

        // Stalled again, and stopped: exit code 75 and the cause.
        Self.fill(filler)
        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { broker()?["storage_error"] as? String != nil })
        up.interrupt()
        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { !up.isRunning })
        XCTAssertEqual(up.terminationStatus, 75, said().suffix(2000).description)
        XCTAssertTrue(said().contains("could not be written"), said().suffix(2000).description)
        try FileManager.default.removeItem(atPath: filler)

        // Nothing was lost: the ledger is intact, and the run resumes and verifies.
        let show = try ProcessHarness.run(["ledger", "show", "--run", run])
        XCTAssertEqual(show.status, 0, show.stdout.suffix(2000).description)
        let committed = broker()?["rounds_committed"] as? Int ?? 0
        let resumed = try ProcessHarness.run(["up", ProcessHarness.topology("smoke.yaml"), "--rounds", "\(committed + 10)",
                                              "--run-dir", run, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr.suffix(3000).description)
        let summary = ProcessHarness.lastJSON(resumed.stdout) ?? [:]
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(summary["rounds_committed"] as? Int, committed + 10)
    }

    /// Writes zeros to `path` until the file system is full.
    static func fill(_ path: String) {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        let chunk = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        let small = Data(count: 512)
        while (try? handle.write(contentsOf: small)) != nil {}
    }

    static func shell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
