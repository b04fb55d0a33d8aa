import Foundation
@testable import SeedFLNode
import SeedFLCore
import SeedFLStore
import SeedFLWire
import XCTest

/// With `snapshot_every`, the broker stores the model every N commits and serves it in
/// pieces, bit for bit, under the fingerprint of the model the ledger replays to.
final class BrokerSnapshotTests: XCTestCase {
    /// Commits `count` rounds through fake peers; returns nothing but leaves the broker running.
    private func commit(_ count: Int, _ peers: FakePeers) throws {
        for i in 0..<count {
            let open = try XCTUnwrap(try peers.next { $0.asRoundOpen != nil }?.asRoundOpen, "no ROUND_OPEN \(i)")
            try peers.push(peers.aggregate(for: open, values: (1...6).map { Double($0 * (i + 1)) / 64 }))
            _ = try XCTUnwrap(try peers.next { $0.asRoundCommit?.round == open.round }, "no ROUND_COMMIT \(i)")
        }
    }

    /// The model after replaying the ledger's first `sequence` rounds from the base model,
    /// as the trainer and `seedfl verify` compute it.
    private func replayed(_ run: RunConfig, ledgerPath: String, upTo sequence: UInt64) throws -> ReplayState {
        let base = try ModelFactory.prepare(run).model.initialParameters()
        var state = ReplayState(base: base, optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        let ledger = try Ledger(readOnlyAt: ledgerPath)
        defer { ledger.close() }
        try state.apply(try ledger.rounds(after: 0, limit: Int(sequence)))
        return state
    }

    func testSnapshotEveryNCommitsIsServedInPiecesBitExact() throws {
        let rig = try BrokerRig(directory: try brokerRunDirectory("snap"), roundTimeoutMilliseconds: 60_000,
                                rounds: 5, snapshotEvery: 2)
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close(); rig.stopAndWait() }
        XCTAssertTrue(try peers.awaitBroadcast())
        try peers.announce(hello: true)

        // Before any snapshot: the answer is "none".
        XCTAssertEqual(try peers.snapshot(sequence: 0, offset: 0, maxBytes: 100), .unavailable(runID: peers.runID))

        try commit(5, peers)
        let status = try XCTUnwrap(rig.awaitStatus { $0.latestSnapshotSequence == 4 }, "no snapshot at 4")
        XCTAssertEqual(status.snapshotsStored, 2)     // at 2 and 4; 5 is not a multiple of 2

        // Fetch the latest in 50-byte pieces, as a trainer would.
        var first = try XCTUnwrap(try peers.snapshot(sequence: 0, offset: 0, maxBytes: 50))
        XCTAssertEqual(first.sequence, 4)
        var bytes = first.bytes
        while !first.isLast {
            XCTAssertEqual(first.bytes.count, 50)
            first = try XCTUnwrap(try peers.snapshot(sequence: 4, offset: UInt64(bytes.count), maxBytes: 50))
            XCTAssertEqual(first.offset, UInt64(bytes.count))
            bytes += first.bytes
        }
        XCTAssertEqual(UInt64(bytes.count), first.totalSize)

        let run = rig.configuration.run
        let ledgerPath = rig.configuration.ledgerPath
        let expected = try replayed(run, ledgerPath: ledgerPath, upTo: 4)
        XCTAssertEqual(first.fingerprint, expected.fingerprint)
        let decoded = try ModelSnapshot.decode(bytes, runFingerprint: run.fingerprint,
                                               dimension: expected.parameters.count,
                                               momentumLength: expected.momentum.count)
        XCTAssertEqual(decoded.snapshot.sequence, 4)
        XCTAssertEqual(decoded.fingerprint, expected.fingerprint)
        XCTAssertEqual(decoded.snapshot.parameters.map(\.bitPattern), expected.parameters.map(\.bitPattern))
        XCTAssertEqual(bytes, ModelSnapshot.encode(expected, runFingerprint: run.fingerprint).bytes)

        // The older snapshot is still served by sequence; one never stored, or an offset past
        // the end, is answered "none"; a piece is never larger than asked.
        let older = try XCTUnwrap(try peers.snapshot(sequence: 2, offset: 10, maxBytes: 7))
        XCTAssertEqual(older.sequence, 2)
        XCTAssertEqual(older.bytes.count, 7)
        XCTAssertEqual(older.fingerprint, try replayed(run, ledgerPath: ledgerPath, upTo: 2).fingerprint)
        XCTAssertEqual(try peers.snapshot(sequence: 3, offset: 0, maxBytes: 50), .unavailable(runID: peers.runID))
        XCTAssertEqual(try peers.snapshot(sequence: 4, offset: first.totalSize, maxBytes: 50),
                       .unavailable(runID: peers.runID))
    }

    func testRestartedBrokerRebuildsItsModelFromTheLatestSnapshot() throws {
        let directory = try brokerRunDirectory("snapre")
        let firstRig = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000, rounds: 3, snapshotEvery: 2)
        try firstRig.start()
        do {
            let peers = try FakePeers(configuration: firstRig.configuration)
            defer { peers.close() }
            XCTAssertTrue(try peers.awaitBroadcast())
            try peers.announce(hello: true)
            try commit(3, peers)
            XCTAssertNotNil(firstRig.awaitStatus { $0.latestSnapshotSequence == 2 })
        }
        firstRig.stopAndWait()

        // Resumed from the snapshot at 2 plus round 3, the model reaches 4 like a fresh replay.
        let rig = try BrokerRig(directory: directory, roundTimeoutMilliseconds: 60_000, rounds: 4, snapshotEvery: 2)
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close(); rig.stopAndWait() }
        XCTAssertTrue(try peers.awaitBroadcast())
        try peers.announce(hello: true)
        try commit(1, peers)
        XCTAssertNotNil(rig.awaitStatus { $0.latestSnapshotSequence == 4 }, "no snapshot at 4 after the restart")
        let piece = try XCTUnwrap(try peers.snapshot(sequence: 0, offset: 0, maxBytes: 1 << 20))
        XCTAssertEqual(piece.sequence, 4)
        XCTAssertTrue(piece.isLast)
        XCTAssertEqual(piece.fingerprint,
                       try replayed(rig.configuration.run, ledgerPath: rig.configuration.ledgerPath, upTo: 4).fingerprint)
    }

    /// `broker.snapshot_every` (default 0, off) and `snapshot_lag` (default 1000) parse, and
    /// negative values are refused naming the field.
    func testSnapshotKeysParseWithDefaultsAndNamedErrors() throws {
        let base = "run:\n  clients: 2\n  sample: 1\n  model: { kind: synthetic, dimension: 8, examples: 16 }\n"
        let plain = try TopologyFile.parse(base, path: "plain.yaml").deployment
        XCTAssertEqual(plain.broker.snapshotEvery, 0)
        XCTAssertEqual(plain.snapshotLag, 1000)
        let set = try TopologyFile.parse(base + "deployment:\n  snapshot_lag: 0\n  broker: { snapshot_every: 25 }\n",
                                         path: "set.yaml").deployment
        XCTAssertEqual(set.broker.snapshotEvery, 25)
        XCTAssertEqual(set.snapshotLag, 0)
        for (yaml, field) in [("deployment:\n  snapshot_lag: -1\n", "deployment.snapshot_lag"),
                              ("deployment:\n  broker: { snapshot_every: -5 }\n", "deployment.broker.snapshot_every"),
                              ("deployment:\n  broker: { snapshot_every: often }\n", "deployment.broker.snapshot_every")] {
            XCTAssertThrowsError(try TopologyFile.parse(base + yaml, path: "bad.yaml"), yaml) { error in
                XCTAssertEqual((error as? ConfigError)?.field, field, "\(error)")
            }
        }
    }
}
