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
        let status = run + "/status/broker.json"
        let up = try UpProcess(["up", ProcessHarness.topology("smoke.yaml"), "--fresh", "--rounds", "100000",
                                "--run-dir", run])
        defer { up.kill() }

        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { (Self.broker(status)?["rounds_committed"] as? Int ?? 0) >= 30 }, up.stderr)
        Self.fill(filler)
        var reported = ""
        let stalled = ProcessHarness.wait(timeout: 60) {
            reported = Self.broker(status)?["storage_error"] as? String ?? ""
            return !reported.isEmpty
        }
        XCTAssertTrue(stalled, "the broker never reported the full disk:\n\(up.stderr.suffix(3000))")
        XCTAssertTrue(reported.contains("disk is full"), reported)
        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { up.stderr.contains("LEDGER NOT WRITABLE") }, "no progress line said so")
        // While the ledger is unwritable nothing is committed.
        let during = Self.broker(status)?["rounds_committed"] as? Int ?? -1
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertEqual(Self.broker(status)?["rounds_committed"] as? Int, during)

        try FileManager.default.removeItem(atPath: filler)
        let recovered = ProcessHarness.wait(timeout: 60) {
            let s = Self.broker(status)
            return s?["storage_error"] == nil && (s?["rounds_committed"] as? Int ?? 0) >= during + 20
        }
        XCTAssertTrue(recovered, "the run did not go on once space came back:\n\(up.stderr.suffix(3000))")

        // Stalled again, and stopped: exit code 75 and the cause.
        Self.fill(filler)
        XCTAssertTrue(ProcessHarness.wait(timeout: 60) { Self.broker(status)?["storage_error"] as? String != nil })
        up.interrupt()
        let exit = up.wait(timeout: 60)
        XCTAssertEqual(exit, 75, up.stderr.suffix(2000).description)
        XCTAssertTrue(up.stderr.contains("could not be written"), up.stderr.suffix(2000).description)
        try FileManager.default.removeItem(atPath: filler)

        // Nothing was lost: the ledger is intact, and the run resumes and verifies.
        let show = try ProcessHarness.run(["ledger", "show", "--run", run])
        XCTAssertEqual(show.status, 0, show.stdout.suffix(2000).description)
        let committed = Self.broker(status)?["rounds_committed"] as? Int ?? 0
        let resumed = try ProcessHarness.run(["up", ProcessHarness.topology("smoke.yaml"), "--rounds", "\(committed + 10)",
                                              "--run-dir", run, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr.suffix(3000).description)
        let summary = ProcessHarness.lastJSON(resumed.stdout) ?? [:]
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual(summary["rounds_committed"] as? Int, committed + 10)
    }

    /// The broker's status as a dictionary (nil while unreadable: a reader may catch an
    /// in-place rewrite half done).
    static func broker(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
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

/// `seedfl up` running in the background, its standard error collected as it comes.
final class UpProcess: @unchecked Sendable {
    private let process = Process()
    private let errors = LockedData()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: ProcessHarness.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SEEDFL_ASSETS"] = env["SEEDFL_ASSETS"] ?? ProcessHarness.repository.appendingPathComponent("assets").path
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let errors = self.errors
        err.fileHandleForReading.readabilityHandler = { errors.append($0.availableData) }
        try process.run()
    }

    var stderr: String { errors.string }
    func interrupt() { process.interrupt() }

    /// The exit status, or nil if it did not exit within `timeout` seconds.
    func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func kill() {
        if process.isRunning {
            process.interrupt()
            if wait(timeout: 20) == nil { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
    }
}
