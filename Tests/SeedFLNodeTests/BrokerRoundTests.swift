import Foundation
import SeedFLNode
import SeedFLStore
import SeedFLWire
import XCTest

/// The round lifecycle over real ipc sockets and a real SQLite ledger.
final class BrokerRoundTests: XCTestCase {
    func testAggregateCommitsTheRoundAndHistoryServesIt() throws {
        let rig = try BrokerRig(directory: try brokerRunDirectory("commit"), roundTimeoutMilliseconds: 60_000)
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close(); rig.stopAndWait() }

        XCTAssertTrue(try peers.awaitBroadcast(), "no broker heartbeat on PUB")
        try peers.announce(hello: true)
        let open = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen, "no ROUND_OPEN")
        let run = rig.configuration.run
        XCTAssertEqual(open.round, 1)
        XCTAssertEqual(open.seed, RoundPlan.seed(runSeed: run.seed, round: 1))
        XCTAssertEqual(open.participants, [0], "only trainer 0 is live, and min_trainers is 1")
        XCTAssertEqual(open.baseSequence, 0)
        XCTAssertEqual(open.mode, .seedScalars)
        XCTAssertEqual([open.k, open.p], [2, 3])

        let values: [Double] = [0.5, -1.25, 2, 0.125, -0.75, 3]
        try peers.push(peers.aggregate(for: open, values: values))
        let commit = try XCTUnwrap(try peers.next { $0.asRoundCommit != nil }?.asRoundCommit, "no ROUND_COMMIT")
        XCTAssertEqual(commit.sequence, 1)
        XCTAssertEqual(commit.round, 1)
        XCTAssertEqual(commit.seed, open.seed)
        XCTAssertEqual(commit.scalars, values.map { Float($0) })
        XCTAssertEqual(commit.contributors, [0])
        XCTAssertEqual(commit.learningRate, run.zo.learningRate)
        // Durable before published: a reader opened the moment the commit arrives sees it.
        let reader = try Ledger(readOnlyAt: rig.configuration.ledgerPath)
        XCTAssertEqual(reader.latestSequence, 1, "ROUND_COMMIT was published before the ledger append")
        reader.close()

        // The next round opens on its own, based on the new sequence.
        let second = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen, "no second ROUND_OPEN")
        XCTAssertEqual(second.round, 2)
        XCTAssertEqual(second.baseSequence, 1)

        let chunks = try XCTUnwrap(try peers.history(after: 0), "no HISTORY_CHUNK with isLast")
        XCTAssertEqual(chunks.flatMap(\.records), [.commit(commit)])
        let empty = try XCTUnwrap(try peers.history(after: 1), "no reply for an up-to-date trainer")
        XCTAssertEqual(empty.count, 1)
        XCTAssertEqual(empty.first?.records, [])
        XCTAssertEqual(empty.first?.latestSequence, 1)

        rig.stopAndWait()
        let ledger = try Ledger(readOnlyAt: rig.configuration.ledgerPath)
        defer { ledger.close() }
        XCTAssertEqual(ledger.latestSequence, 1)
        let stored = try XCTUnwrap(try ledger.round(sequence: 1))
        XCTAssertEqual(stored.scalars, commit.scalars)
        XCTAssertEqual(stored.seed, open.seed)
        XCTAssertEqual(stored.meanLoss, 0.5)
        let status = try XCTUnwrap(rig.status)
        XCTAssertEqual(status.roundsCommitted, 1)
        XCTAssertEqual(status.latestSequence, 1)
        XCTAssertEqual(status.done, false)
        XCTAssertGreaterThan(status.wireBytes?.sent ?? 0, 0)
        XCTAssertGreaterThan(status.wireBytes?.received ?? 0, 0)
    }

    func testRoundWithoutAggregateAbortsAtItsDeadlineAndTheNextRoundIsFresh() throws {
        let rig = try BrokerRig(directory: try brokerRunDirectory("abort"), roundTimeoutMilliseconds: 300)
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close(); rig.stopAndWait() }

        XCTAssertTrue(try peers.awaitBroadcast(), "no broker heartbeat on PUB")
        try peers.announce(hello: true)
        let first = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen, "no ROUND_OPEN")
        let abort = try XCTUnwrap(try peers.next { $0.asRoundAbort != nil }?.asRoundAbort, "no ROUND_ABORT")
        XCTAssertEqual(abort.round, first.round)
        XCTAssertEqual(abort.reason, .deadline, "aggregator and participant are live, so only the deadline is to blame")
        let next = try XCTUnwrap(try peers.next { $0.asRoundOpen.map { $0.round > first.round } ?? false }?.asRoundOpen)
        XCTAssertEqual(next.round, first.round + 1)
        XCTAssertNotEqual(next.seed, first.seed)
        XCTAssertEqual(next.baseSequence, 0, "an abort commits nothing")

        // A late aggregate for the aborted round is refused and commits nothing.
        try peers.push(peers.aggregate(for: first, values: [1, 1, 1, 1, 1, 1]))
        XCTAssertNotNil(rig.awaitStatus { ($0.drops?["stale"] ?? 0) >= 1 }, "late aggregate not counted as stale")
        rig.stopAndWait()
        let ledger = try Ledger(readOnlyAt: rig.configuration.ledgerPath)
        defer { ledger.close() }
        XCTAssertEqual(ledger.latestSequence, 0)
        XCTAssertTrue(try ledger.abortedRounds().map(\.round).contains(first.round))
        XCTAssertGreaterThanOrEqual(rig.status?.roundsAborted ?? 0, 1)
    }
}
