import SeedFLCore
import SeedFLStore
import XCTest

final class LedgerSequenceTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private func ledgerWithThreeRounds() throws -> Ledger {
        let ledger = try Ledger(path: directory.path("ledger.sqlite"), run: Fixtures.run)
        for sequence in UInt64(1)...3 { try ledger.append(Fixtures.round(sequence: sequence, round: sequence * 10)) }
        return ledger
    }

    func testGapRepeatAndStaleRoundAreRefusedAndChangeNothing() throws {
        let ledger = try ledgerWithThreeRounds()
        defer { ledger.close() }
        let before = try ledger.rounds(after: 0, limit: 100)

        let gap = ledgerError { try ledger.append(Fixtures.round(sequence: 5, round: 50)) }
        XCTAssertEqual(gap?.code, .sequenceGap)
        XCTAssertTrue(gap?.message.contains("next sequence is 4") ?? false, gap?.description ?? "")
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 3, round: 50)) }?.code, .sequenceGap)
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 0, round: 50)) }?.code, .sequenceGap)
        // Right sequence, but a round number at or below one already used.
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 4, round: 30)) }?.code,
                       .roundNotIncreasing)
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 4, round: 29)) }?.code,
                       .roundNotIncreasing)

        XCTAssertEqual(ledger.latestSequence, 3)
        XCTAssertEqual(ledger.nextRound, 31)
        XCTAssertEqual(try ledger.rounds(after: 0, limit: 100), before)
        // The ledger still accepts the right next round after the refusals.
        try ledger.append(Fixtures.round(sequence: 4, round: 31))
        XCTAssertEqual(ledger.latestSequence, 4)
        XCTAssertNoThrow(try ledger.checkIntegrity())
    }

    func testReopenAfterCloseResumesAtNextSequence() throws {
        let path = directory.path("ledger.sqlite")
        try ledgerWithThreeRounds().close()
        let reopened = try Ledger(path: path, run: Fixtures.run)
        XCTAssertEqual(reopened.latestSequence, 3)
        XCTAssertEqual(reopened.nextRound, 31)
        XCTAssertEqual(ledgerError { try reopened.append(Fixtures.round(sequence: 3, round: 40)) }?.code, .sequenceGap)
        try reopened.append(Fixtures.round(sequence: 4, round: 40))
        reopened.close()

        let again = try Ledger(path: path, run: Fixtures.run)
        defer { again.close() }
        XCTAssertEqual(again.latestSequence, 4)
        XCTAssertEqual(try again.rounds(after: 0, limit: 10).map(\.sequence), [1, 2, 3, 4])
        for sequence in UInt64(1)...4 {
            assertBitIdentical(try again.round(sequence: sequence),
                               Fixtures.round(sequence: sequence, round: sequence == 4 ? 40 : sequence * 10))
        }
    }

    func testClosedLedgerThrowsClosed() throws {
        let ledger = try ledgerWithThreeRounds()
        ledger.close()
        ledger.close()  // idempotent
        XCTAssertEqual(ledgerError { _ = try ledger.rounds(after: 0, limit: 1) }?.code, .closed)
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 4, round: 40)) }?.code, .closed)
        XCTAssertEqual(ledgerError { try ledger.checkIntegrity() }?.code, .closed)
    }
}
