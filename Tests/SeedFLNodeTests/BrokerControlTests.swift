import Foundation
import SeedFLNode
import SeedFLStore
import SeedFLWire
import XCTest

/// Bad input on every bound socket is counted and changes nothing.
final class BrokerControlTests: XCTestCase {
    func testGarbageOnRouterAndPullIsCountedAndChangesNothing() throws {
        let rig = try BrokerRig(directory: try brokerRunDirectory("garbage"), roundTimeoutMilliseconds: 60_000)
        try rig.start()
        let peers = try FakePeers(configuration: rig.configuration)
        defer { peers.close(); rig.stopAndWait() }
        XCTAssertTrue(try peers.awaitBroadcast(), "no broker heartbeat on PUB")

        // ROUTER: random bytes, a two-frame message, a valid frame of the wrong kind, a
        // HELLO of another run and a HEARTBEAT from a trainer id outside the run.
        _ = try peers.trainer.send(frame: [0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3])
        _ = try peers.trainer.send([[1], [2]])
        _ = try peers.trainer.send(frame: Message.roundAbort(RoundAbort(runID: peers.runID, round: 1,
                                                                        reason: .deadline)).encode())
        _ = try peers.trainer.send(frame: Message.hello(Hello(trainerID: 0, runID: peers.runID + 1,
                                                              lastAppliedSequence: 0, nonce: 1)).encode())
        _ = try peers.trainer.send(frame: Message.heartbeat(Heartbeat(role: .trainer, senderID: 99, runID: peers.runID,
                                                                      latestSequence: 0, round: 0,
                                                                      unixTimeMilliseconds: 0)).encode())
        // PULL: random bytes, an empty frame, a final aggregate with no round open.
        _ = try peers.pusher.send(frame: [0x00, 0x01])
        _ = try peers.pusher.send(frame: [])
        _ = try peers.pusher.send(frame: Message.aggregate(Aggregate(
            runID: peers.runID, round: 1, k: 2, p: 3, contributors: [0], kind: .final, mode: .seedScalars,
            values: [1, 2, 3, 4, 5, 6], baseLoss: 1, exampleCount: 1)).encode())

        let status = rig.awaitStatus { s in
            s.drops?["malformed"] == 3 && s.drops?["frame-count"] == 1 && s.drops?["unexpected-type"] == 1
                && s.drops?["wrong-run"] == 1 && s.drops?["unknown-sender"] == 1 && s.drops?["no-open-round"] == 1
        }
        XCTAssertNotNil(status, "drops not counted as expected: \(String(describing: rig.status?.drops))")

        // Still serving: history on the same DEALER, in order after the garbage.
        let chunks = try XCTUnwrap(try peers.history(after: 0))
        XCTAssertEqual(chunks.map(\.records.count), [0])
        // Nobody live (the HELLO was of another run, trainer 99 does not exist): no round.
        XCTAssertEqual(rig.status?.openRound, 0)
        rig.stopAndWait()
        let ledger = try Ledger(readOnlyAt: rig.configuration.ledgerPath)
        defer { ledger.close() }
        XCTAssertEqual(ledger.latestSequence, 0)
        XCTAssertEqual(try ledger.abortedRounds(), [])
    }
}
