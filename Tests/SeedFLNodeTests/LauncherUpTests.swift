import Foundation
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

/// The whole `up` loop with a stand-in for the `seedfl` binary: a shell script that acts
/// as every role (prints a line, writes its status file, exits 0 on SIGTERM after leaving
/// a marker), so the launcher is tested without the real roles. The fake broker reports
/// "done" only after all five roles have started, so every role's stop can be observed.
final class LauncherUpTests: XCTestCase {
    private static let fakeRole = #"""
    #!/bin/sh
    role=$1; shift
    while [ $# -gt 0 ]; do
      case $1 in
        --run-dir) dir=$2; shift 2;;
        --id) id=$2; shift 2;;
        --name) name=$2; shift 2;;
        *) shift;;
      esac
    done
    here=$(dirname "$0")
    mode=$(cat "$here/mode")
    case $role in
      broker) me=broker;; trainer) me=trainer-$id;; aggregator) me=aggregator-$name;; *) me=$role;;
    esac
    trap 'echo "stopping"; touch "$here/stopped-$me"; exit 0' TERM
    echo "starting $me"
    touch "$here/started-$me"
    status() { printf '%s' "$1" > "$dir/status/$me.tmp" && mv "$dir/status/$me.tmp" "$dir/status/$me.json"; }
    latest=$(cat "$here/latest")
    case "$mode:$me" in
      *:broker) [ "$mode" = broker-dies ] && exit 4
        # Finish only once every role has its trap installed, so each one's stop is observable.
        n=0; while [ "$(ls "$here" | grep -c '^started-')" -lt 5 ] && [ $n -lt 3000 ]; do sleep 0.01; n=$((n+1)); done
        [ "$mode" = hang ] || status "{\"role\":\"broker\",\"done\":true,\"latest_sequence\":$latest,\"rounds_committed\":$latest,\"rounds_aborted\":1,\"drops\":{\"stale\":1},\"wire_bytes\":{\"sent\":1000,\"received\":500}}";;
      trainer-dies:trainer-1) echo "crashing"; exit 1;;
      *:trainer-*) [ "$mode" = hang ] || status "{\"role\":\"$me\",\"id\":$id,\"applied_sequence\":$latest,\"fingerprint\":\"$(cat "$here/fingerprint")\",\"rounds_contributed\":4,\"contribution_bytes\":400,\"round_bytes_received\":1200,\"drops\":{\"stale\":2},\"wire_bytes\":{\"sent\":400,\"received\":1200}}";;
    esac
    while :; do sleep 0.05; done
    """#

    private struct Setup {
        var root: String
        var topology: String
        var directory: RunDirectory
        var script: String
        var report: SimulationReport
        var rounds: Int
    }

    /// A run directory holding a real ledger (so `up` resumes it and the verification has
    /// something to replay) and the fake role binary in `mode`.
    private func setUp(_ mode: String) throws -> Setup {
        let root = try LauncherFixtures.temporaryDirectory("up-\(mode)")
        let topologyPath = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(), in: root)
        let topology = try TopologyFile.load(path: topologyPath)
        let directory = RunDirectory(root + "/run")
        _ = try directory.prepare(topologySource: topologyPath, topology: topology, fresh: false)
        let (report, rounds) = try LauncherFixtures.writeLedger(for: topology, at: directory.ledger)
        let bin = root + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = bin + "/seedfl"
        try Self.fakeRole.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try mode.write(toFile: bin + "/mode", atomically: true, encoding: .utf8)
        try String(rounds.count).write(toFile: bin + "/latest", atomically: true, encoding: .utf8)
        try report.fingerprint.write(toFile: bin + "/fingerprint", atomically: true, encoding: .utf8)
        return Setup(root: root, topology: topologyPath, directory: directory, script: script, report: report,
                     rounds: rounds.count)
    }

    private func options(_ s: Setup, timeout: Duration = .seconds(120)) -> LaunchOptions {
        LaunchOptions(topologyPath: s.topology, runDirectory: s.directory.path, timeout: timeout, executable: s.script,
                      grace: .seconds(30), progressInterval: .milliseconds(100), pollInterval: .milliseconds(20))
    }

    private func stopped(_ s: Setup) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: s.root + "/bin")) ?? []
        return Set(names.filter { $0.hasPrefix("stopped-") }.map { String($0.dropFirst("stopped-".count)) })
    }

    private let everyRole: Set<String> = ["broker", "aggregator-root", "trainer-0", "trainer-1", "trainer-2"]

    func testCompletedRunIsStoppedVerifiedAndSummarised() throws {
        let s = try setUp("complete")
        let collector = LauncherLineCollector()
        let summary = try Launcher(options: options(s), output: collector.sink).run(stopRequested: { false })

        XCTAssertEqual(stopped(s), everyRole, "every role got SIGTERM at the end")
        XCTAssertTrue(summary.passed)
        XCTAssertEqual(summary.roundsCommitted, s.rounds)
        XCTAssertEqual(summary.roundsAborted, 1)
        XCTAssertEqual(summary.ledgerFingerprint, s.report.ledgerFingerprint)
        XCTAssertEqual(summary.trainerFingerprints, ["0": s.report.fingerprint, "1": s.report.fingerprint,
                                                     "2": s.report.fingerprint])
        XCTAssertEqual(summary.uplinkBytesPerTrainerPerRound, 100)
        XCTAssertEqual(summary.downlinkBytesPerTrainerPerRound, 1200 / Double(s.rounds))
        XCTAssertEqual(summary.drops, ["stale": 7])
        XCTAssertEqual(summary.wireBytes["broker"], WireBytes(sent: 1000, received: 500))
        XCTAssertEqual(summary.deadTrainers, [])

        let written = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: s.directory.summary))) as? [String: Any])
        XCTAssertEqual(written["ledger_fingerprint"] as? String, s.report.ledgerFingerprint)
        let log = try String(contentsOfFile: s.directory.logs + "/trainer-2.log", encoding: .utf8)
        XCTAssertTrue(log.hasPrefix("[trainer-2] starting trainer-2\n"), log)
        XCTAssertTrue(collector.lines.contains("[broker] starting broker"))
        XCTAssertTrue(collector.lines.contains { $0.hasPrefix("[up] ") && $0.contains("rounds committed") })
    }

    func testDeadTrainerDoesNotStopTheRun() throws {
        let s = try setUp("trainer-dies")
        let summary = try Launcher(options: options(s), output: LauncherLineCollector().sink).run(stopRequested: { false })
        XCTAssertEqual(summary.deadTrainers, ["trainer-1"])
        XCTAssertEqual(Set(summary.trainerFingerprints.keys), ["0", "2"])
        XCTAssertTrue(summary.passed)
        XCTAssertEqual(stopped(s), everyRole.subtracting(["trainer-1"]))
    }

    func testDeadBrokerFailsTheRunAndStopsTheOthers() throws {
        let s = try setUp("broker-dies")
        XCTAssertThrowsError(try Launcher(options: options(s), output: LauncherLineCollector().sink)
            .run(stopRequested: { false })) { error in
            let e = error as? LauncherError
            XCTAssertEqual(e?.code, .childDied)
            XCTAssertTrue(e?.message.contains("broker ended unexpectedly with exit code 4") ?? false, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.directory.summary))
    }

    func testStopRequestIsForwardedToEveryRole() throws {
        let s = try setUp("hang")
        let collector = LauncherLineCollector()
        // Ask to stop once every role has announced itself (so each has its trap installed).
        let stop = { collector.lines.filter { $0.contains("] starting ") }.count == 5 }
        XCTAssertThrowsError(try Launcher(options: options(s), output: collector.sink).run(stopRequested: stop)) { error in
            XCTAssertEqual((error as? LauncherError)?.code, .interrupted)
        }
        XCTAssertEqual(stopped(s), everyRole)
    }

    func testTimeoutFailsWithAClearError() throws {
        let s = try setUp("hang")
        XCTAssertThrowsError(try Launcher(options: options(s, timeout: .milliseconds(300)),
                                          output: LauncherLineCollector().sink).run(stopRequested: { false })) { error in
            let e = error as? LauncherError
            XCTAssertEqual(e?.code, .timedOut)
            XCTAssertTrue(e?.message.contains("did not finish within") ?? false, "\(error)")
        }
    }
}
