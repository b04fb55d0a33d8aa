import Foundation
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

final class LauncherSupervisorTests: XCTestCase {
    private func shell(_ name: String, _ script: String, expendable: Bool = false) -> ChildCommand {
        ChildCommand(name: name, executable: "/bin/sh", arguments: ["-c", script], isExpendable: expendable)
    }

    /// Reaps until `count` children have ended; bounded so a broken supervisor fails, not hangs.
    private func reap(_ supervisor: Supervisor, count: Int) -> [ChildExit] {
        var exits: [ChildExit] = []
        for _ in 0..<3000 where exits.count < count {
            exits += supervisor.reap()
            if exits.count < count { Thread.sleep(forTimeInterval: 0.01) }
        }
        return exits
    }

    /// Waits (bounded) until a line equal to `line` was collected.
    private func waitFor(_ line: String, in collector: LauncherLineCollector) -> Bool {
        for _ in 0..<3000 {
            if collector.lines.contains(line) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func testReapedChildrenReportTheirPeakMemory() throws {
        let logs = try LauncherFixtures.temporaryDirectory("rss") + "/logs"
        let supervisor = Supervisor(logDirectory: logs, output: LauncherLineCollector().sink)
        // One child holds a 64 MB string (the shell keeps a command substitution in memory),
        // then lingers so the supervisor reads its high-water mark while it runs.
        try supervisor.start(shell("big", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}; sleep 1"))
        try supervisor.start(shell("small", "sleep 1"))
        let exits = Dictionary(uniqueKeysWithValues: reap(supervisor, count: 2).map { ($0.name, $0) })
        let big = try XCTUnwrap(exits["big"]?.peakResidentBytes)
        let small = try XCTUnwrap(exits["small"]?.peakResidentBytes)
        // The child's own peak, not the test runner's pages it shared until exec (which
        // `ru_maxrss` would count: this runner holds language models by now).
        XCTAssertGreaterThan(big, 64 << 20)
        XCTAssertLessThan(small, 32 << 20, "a sleeping shell")
        XCTAssertGreaterThan(big - small, 48 << 20)
    }

    func testLinesArePrefixedEchoedAndLogged() throws {
        let logs = try LauncherFixtures.temporaryDirectory("logs") + "/logs"
        let collector = LauncherLineCollector()
        let supervisor = Supervisor(logDirectory: logs, output: collector.sink)
        try supervisor.start(shell("worker-1", "echo hello; echo '[trainer 1] tagged' >&2; printf 'no newline'"))
        let exits = reap(supervisor, count: 1)
        XCTAssertEqual(exits.map(\.status), [.exited(0)])
        XCTAssertEqual(exits.first?.stopRequested, false)
        let expected = ["[worker-1] hello", "[trainer 1] tagged", "[worker-1] no newline"]
        XCTAssertEqual(collector.lines, expected)
        let log = try String(contentsOfFile: logs + "/worker-1.log", encoding: .utf8)
        XCTAssertEqual(log, expected.joined(separator: "\n") + "\n")
    }

    func testUnexpectedDeathsAreReportedWithTheirStatus() throws {
        let supervisor = Supervisor(logDirectory: nil, output: LauncherLineCollector().sink)
        try supervisor.start(shell("fails", "exit 3"))
        try supervisor.start(shell("killed", "kill -9 $$", expendable: true))
        let exits = reap(supervisor, count: 2).sorted { $0.name < $1.name }
        XCTAssertEqual(exits.map(\.name), ["fails", "killed"])
        XCTAssertEqual(exits.map(\.status), [.exited(3), .signaled(SIGKILL)])
        XCTAssertEqual(exits.map(\.stopRequested), [false, false])
        XCTAssertEqual(exits.map(\.isExpendable), [false, true])
        XCTAssertTrue(supervisor.runningNames.isEmpty)
    }

    func testStopSendsSIGTERMAndWaits() throws {
        let collector = LauncherLineCollector()
        let supervisor = Supervisor(logDirectory: nil, output: collector.sink)
        try supervisor.start(shell("polite", "trap 'echo got TERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done"))
        XCTAssertTrue(waitFor("[polite] ready", in: collector))
        let exits = supervisor.stop(grace: .seconds(30))
        XCTAssertEqual(exits.map(\.status), [.exited(0)])
        XCTAssertEqual(exits.first?.stopRequested, true)
        XCTAssertEqual(exits.first?.forced, false)
        XCTAssertTrue(collector.lines.contains("[polite] got TERM"))
    }

    func testChildIgnoringSIGTERMIsKilledAfterTheGracePeriod() throws {
        let collector = LauncherLineCollector()
        let supervisor = Supervisor(logDirectory: nil, output: collector.sink)
        try supervisor.start(shell("stubborn", "trap '' TERM; echo ready; while :; do sleep 0.05; done"))
        try supervisor.start(shell("polite", "echo ready; exec sleep 600"))
        XCTAssertTrue(waitFor("[stubborn] ready", in: collector))
        XCTAssertTrue(waitFor("[polite] ready", in: collector))
        // The grace only has to outlast the polite child's exit on SIGTERM; a few seconds
        // keeps that true on a loaded machine.
        let exits = supervisor.stop(grace: .seconds(3)).sorted { $0.name < $1.name }
        XCTAssertEqual(exits.map(\.name), ["polite", "stubborn"])
        XCTAssertEqual(exits.map(\.status), [.signaled(SIGTERM), .signaled(SIGKILL)])
        XCTAssertEqual(exits.map(\.forced), [false, true])
        XCTAssertTrue(supervisor.runningNames.isEmpty)
    }

    func testTerminateStopsOneChild() throws {
        let collector = LauncherLineCollector()
        let supervisor = Supervisor(logDirectory: nil, output: collector.sink)
        try supervisor.start(shell("a", "echo ready; exec sleep 600"))
        try supervisor.start(shell("b", "echo ready; exec sleep 600"))
        XCTAssertTrue(waitFor("[a] ready", in: collector))
        XCTAssertTrue(supervisor.terminate("a"))
        XCTAssertFalse(supervisor.terminate("nobody"))
        let exits = reap(supervisor, count: 1)
        XCTAssertEqual(exits.map(\.name), ["a"])
        XCTAssertEqual(exits.first?.stopRequested, true)
        XCTAssertEqual(supervisor.runningNames, ["b"])
        XCTAssertEqual(supervisor.stop(grace: .seconds(30)).map(\.name), ["b"])
    }

    func testMissingExecutableIsASpawnError() {
        let supervisor = Supervisor(logDirectory: nil, output: LauncherLineCollector().sink)
        XCTAssertThrowsError(try supervisor.start(ChildCommand(name: "ghost", executable: "/nonexistent/seedfl",
                                                                arguments: []))) { error in
            XCTAssertEqual((error as? LauncherError)?.code, .spawnFailed)
        }
    }

    func testChildrenGetDefaultSignalDispositions() throws {
        // The launcher ignores SIGPIPE; a child must not inherit that (it would change how
        // roles die on a closed pipe). /proc/self/status lists ignored signals as SigIgn.
        signal(SIGPIPE, SIG_IGN)
        let collector = LauncherLineCollector()
        let supervisor = Supervisor(logDirectory: nil, output: collector.sink)
        try supervisor.start(shell("sig", "grep SigIgn /proc/self/status"))
        _ = reap(supervisor, count: 1)
        let line = try XCTUnwrap(collector.lines.first { $0.contains("SigIgn") })
        let mask = UInt64(line.split(separator: "\t").last.map(String.init) ?? "", radix: 16)
        XCTAssertNotNil(mask)
        XCTAssertEqual((mask ?? 0) & (1 << (UInt64(SIGPIPE) - 1)), 0, line)
    }
}
