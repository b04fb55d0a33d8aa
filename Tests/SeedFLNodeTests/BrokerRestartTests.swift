import Foundation
import SeedFLLauncher
import SeedFLNode
import SeedFLStore
import SeedFLWire
import XCTest

/// A broker restarted on the same ledger resumes without repeating or skipping anything,
/// and refuses a ledger of another run.
final class BrokerRestartTests: XCTestCase {
    /// Runs one broker until it committed one round, and returns that commit.
    private func commitOneRound(_ rig: BrokerRig, file: StaticString = #filePath, line: UInt = #line)
        throws -> (open: RoundOpen, commit: RoundCommit) {
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close() }
        XCTAssertTrue(try peers.awaitBroadcast(), "no broker heartbeat on PUB", file: file, line: line)
        try peers.announce(hello: true)
        let open = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen, "no ROUND_OPEN", file: file, line: line)
        try peers.push(peers.aggregate(for: open, values: [1, 2, 3, 4, 5, 6].map { Double($0) / 8 }))
        let commit = try XCTUnwrap(try peers.next { $0.asRoundCommit != nil }?.asRoundCommit, "no ROUND_COMMIT",
                                   file: file, line: line)
        rig.stopAndWait(file: file, line: line)
        return (open, commit)
    }

    func testRestartedBrokerResumesAtTheNextRoundAndSequence() throws {
        let directory = try brokerRunDirectory("restart")
        let first = try commitOneRound(try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000))
        XCTAssertEqual(first.commit.sequence, 1)

        // The first broker may have opened round 2 before it stopped; either way the new
        // broker's round is above every round used so far, and its sequence is 2.
        let second = try commitOneRound(try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000))
        XCTAssertGreaterThan(second.open.round, first.open.round)
        XCTAssertEqual(second.open.baseSequence, 1)
        XCTAssertEqual(second.commit.sequence, 2)
        XCTAssertEqual(second.open.seed, RoundPlan.seed(runSeed: 77, round: second.open.round))

        let ledger = try Ledger(readOnlyAt: (directory as NSString).appendingPathComponent("ledger.sqlite"))
        defer { ledger.close() }
        XCTAssertEqual(try ledger.rounds(after: 0, limit: 10).map(\.sequence), [1, 2])
        let report = try LedgerReport.render(ledger)
        XCTAssertTrue(report.intact)
        XCTAssertTrue(report.text.contains("integrity: ok"), report.text)
        var lines: [String] = []
        XCTAssertEqual(try ledger.exportJSONLines { lines.append($0) }, 2)
    }

    /// A broker stopped while a round was open: the restarted broker records that round as
    /// aborted and opens a new number (with a new seed), instead of reopening a round that
    /// trainers already answered, which could only run into its deadline.
    func testRestartedBrokerNeverReopensTheRoundThatWasOpen() throws {
        let directory = try brokerRunDirectory("reopen")
        let first = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000)
        try first.start()
        let interrupted: RoundOpen
        do {
            let peers = try FakePeers(configuration: first.configuration)
            defer { peers.close() }
            XCTAssertTrue(try peers.awaitBroadcast())
            try peers.announce(hello: true)
            interrupted = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen)
        }
        first.stopAndWait()

        let second = try commitOneRound(try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000))
        XCTAssertGreaterThan(second.open.round, interrupted.round)
        XCTAssertNotEqual(second.open.seed, interrupted.seed)
        XCTAssertEqual(second.commit.sequence, 1)
        let ledger = try Ledger(readOnlyAt: (directory as NSString).appendingPathComponent("ledger.sqlite"))
        defer { ledger.close() }
        XCTAssertEqual(try ledger.abortedRounds().map(\.round), [interrupted.round])
        XCTAssertEqual(try ledger.abortedRounds().map(\.reason), ["broker-restart"])
    }

    func testLedgerOfAnotherRunIsRefused() throws {
        let directory = try brokerRunDirectory("mismatch")
        let rig = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000)
        try rig.start()
        rig.stopAndWait()
        let other = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000, seed: 78)
        XCTAssertThrowsError(try other.start()) { error in
            XCTAssertEqual((error as? RoleError)?.code, .ledger, "\(error)")
        }
        // A different target round count is the same run: it may reopen the ledger.
        let extended = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000, rounds: 10)
        try extended.start()
        extended.stopAndWait()
    }

    func testTargetReachedStopsOpeningButKeepsServing() throws {
        let rig = try BrokerRig(directory: try brokerRunDirectory("done"), roundTimeoutMilliseconds: 60_000,
                                rounds: 1)
        let first = try commitOneRound(rig)
        XCTAssertEqual(first.commit.sequence, 1)
        XCTAssertEqual(rig.status?.done, true)

        // Restarted after the target: serves history and heartbeats, opens nothing.
        let again = try BrokerRig(directory: rig.directory, roundTimeoutMilliseconds: 60_000, rounds: 1)
        try again.start()
        let peers = try FakePeers(configuration: again.configuration)
        defer { peers.close(); again.stopAndWait() }
        XCTAssertTrue(try peers.awaitBroadcast())
        try peers.announce(hello: true)
        let chunks = try XCTUnwrap(try peers.history(after: 0))
        XCTAssertEqual(chunks.flatMap(\.records).map(\.sequence), [1])
        // Several heartbeat periods with live peers and no ROUND_OPEN.
        var beats = 0
        let opened = try peers.next(timeout: .seconds(2)) { message in
            if case .heartbeat = message { beats += 1 }
            return message.asRoundOpen != nil || beats >= 10
        }
        XCTAssertNil(opened?.asRoundOpen, "a round opened after the target was reached")
        XCTAssertEqual(again.status?.done, true)
    }
}
