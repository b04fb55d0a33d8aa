import Foundation
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

/// The supervisor operations the chaos harness relies on, with `/bin/sh` children.
final class ChaosSupervisorTests: XCTestCase {
    private let loop = "trap 'exit 0' TERM; while :; do sleep 0.05; done"

    func testAKillSentThroughTheSupervisorIsReportedAsACrash() throws {
        let supervisor = Supervisor(logDirectory: nil, output: { _ in })
        try supervisor.start(ChildCommand(name: "victim", executable: "/bin/sh", arguments: ["-c", loop]))
        XCTAssertTrue(supervisor.send(SIGKILL, to: "victim"))
        XCTAssertFalse(supervisor.send(SIGKILL, to: "nobody"))
        var exits: [ChildExit] = []
        XCTAssertTrue(Polling.wait(timeout: 30) {
            exits += supervisor.reap()
            return !exits.isEmpty
        })
        XCTAssertEqual(exits.map(\.status), [.signaled(SIGKILL)])
        XCTAssertEqual(exits.first?.stopRequested, false, "a chaos kill is not a requested stop")
        XCTAssertEqual(supervisor.runningNames, [])
    }

    func testAPausedChildStillStopsCleanly() throws {
        let supervisor = Supervisor(logDirectory: nil, output: { _ in })
        try supervisor.start(ChildCommand(name: "straggler", executable: "/bin/sh", arguments: ["-c", loop]))
        Thread.sleep(forTimeInterval: 0.2) // let the shell install its trap
        XCTAssertTrue(supervisor.send(SIGSTOP, to: "straggler"))
        // Without a SIGCONT the pending SIGTERM would wait out the grace period and end in SIGKILL.
        let exits = supervisor.stop(grace: .seconds(20))
        XCTAssertEqual(exits.map(\.status), [.exited(0)])
        XCTAssertEqual(exits.first?.forced, false)
    }
}
