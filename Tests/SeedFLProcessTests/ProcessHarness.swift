import Foundation
import XCTest

/// Starts the real `seedfl` binary as child processes for the integration tests.
///
/// The binary is `$SEEDFL_BINARY` when set (Scripts/test.sh points it at the release
/// build), else the debug build next to this package.
enum ProcessHarness {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: String {
        if let env = ProcessInfo.processInfo.environment["SEEDFL_BINARY"], !env.isEmpty { return env }
        return repository.appendingPathComponent(".build/debug/seedfl").path
    }

    static func topology(_ name: String) -> String {
        repository.appendingPathComponent("Topologies/\(name)").path
    }

    /// A fresh directory under the system's temporary folder. Kept short because ipc
    /// socket paths are limited to ~107 bytes.
    static func runDirectory(_ tag: String) throws -> String {
        let path = "/tmp/sfl-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `seedfl arguments...` (or `executable arguments...`) to completion (bounded by
    /// `timeout` seconds, then killed).
    static func run(_ arguments: [String], timeout: TimeInterval = 300,
                    environment: [String: String] = [:], executable: String = binary) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SEEDFL_ASSETS"] = env["SEEDFL_ASSETS"] ?? repository.appendingPathComponent("assets").path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let outData = LockedData(), errData = LockedData()
        out.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = process.isRunning
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTFail("seedfl \(arguments.joined(separator: " ")) timed out after \(timeout) s")
        }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        // After a SIGKILL, children of the killed launcher may still hold the pipes open:
        // reading to their end would wait for them, so keep what was read so far.
        if !timedOut {
            outData.append(out.fileHandleForReading.readDataToEndOfFile())
            errData.append(err.fileHandleForReading.readDataToEndOfFile())
        }
        return Result(status: process.terminationStatus, stdout: outData.string, stderr: errData.string)
    }

    /// The last line of `text` parsed as a JSON object.
    static func lastJSON(_ text: String) -> [String: Any]? {
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}

/// Bytes appended from a pipe's reader thread.
final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    var string: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

extension ProcessHarness {
    /// Writes `secret` to a mode-0600 file in `directory` and returns the environment that
    /// hands it to trainer-side processes (`SEEDFL_SEED_SECRET_FILE`).
    static func seedSecretFile(in directory: String, _ secret: String) throws -> [String: String] {
        let path = directory + "/seed.secret"
        guard FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return ["SEEDFL_SEED_SECRET_FILE": path]
    }

    /// A running `seedfl` child whose output goes to `log`.
    static func start(_ arguments: [String], log: String, environment: [String: String] = [:],
                      executable: String = binary) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        env["SEEDFL_ASSETS"] = env["SEEDFL_ASSETS"] ?? repository.appendingPathComponent("assets").path
        process.environment = env
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Starts `seedfl up TOPOLOGY --run-dir RUN --rounds R --fresh --json` in the background
    /// (output in `log`) and waits until the broker has committed `progress` rounds, so a
    /// test can act on a run that is really going. Stop it with ``stop(_:)``.
    static func startRun(_ topology: String, run: String, rounds: Int, log: String, progress: Int = 5,
                         environment: [String: String] = [:], file: StaticString = #filePath,
                         line: UInt = #line) throws -> Process {
        let up = try start(["up", topology, "--run-dir", run, "--rounds", "\(rounds)", "--fresh", "--json"],
                           log: log, environment: environment)
        XCTAssert(wait(timeout: 120) { (status(run, "broker")?["latest_sequence"] as? Int ?? 0) >= progress },
                  "no progress: see \(log)", file: file, line: line)
        return up
    }

    /// Polls `condition` every 50 ms for at most `timeout` seconds; false if it never held.
    static func wait(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    /// `seedfl verify --run dir --json`, asserted to pass with no fingerprint mismatch; its report.
    static func verifiedReport(_ dir: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let verify = try run(["verify", "--run", dir, "--json"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr, file: file, line: line)
        let report = lastJSON(verify.stdout) ?? [:]
        XCTAssertEqual(report["fingerprint_mismatches"] as? Int, 0, file: file, line: line)
        return report
    }

    /// A role's status file as a dictionary.
    static func status(_ directory: String, _ role: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: "\(directory)/status/\(role).json") else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Stops `processes` with SIGTERM and waits for them (SIGKILL after 10 s).
    static func stop(_ processes: [Process]) {
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGTERM) }
        for p in processes {
            if !wait(timeout: 10, { !p.isRunning }) { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
    }
}
