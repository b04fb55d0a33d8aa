import SeedFLStore
import XCTest

final class LedgerAbortTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testAbortsAreRecordedAndNextRoundAccountsForThem() throws {
        let path = directory.path("ledger.sqlite")
        let ledger = try Ledger(path: path, run: Fixtures.run)
        try ledger.append(Fixtures.round(sequence: 1, round: 1))
        try ledger.recordAbort(round: 2, reason: "quorum not reached: 1 of 3")
        try ledger.recordAbort(round: 5, reason: "deadline")
        XCTAssertEqual(ledger.nextRound, 6)
        XCTAssertEqual(ledger.latestSequence, 1, "aborts never consume a sequence number")

        // An aborted round number can be neither committed nor aborted again.
        XCTAssertEqual(ledgerError { try ledger.append(Fixtures.round(sequence: 2, round: 5)) }?.code,
                       .roundNotIncreasing)
        XCTAssertEqual(ledgerError { try ledger.recordAbort(round: 4, reason: "late") }?.code, .roundNotIncreasing)
        XCTAssertEqual(ledgerError { try ledger.recordAbort(round: 1, reason: "dup") }?.code, .roundNotIncreasing)
        try ledger.append(Fixtures.round(sequence: 2, round: 6))
        ledger.close()

        let reopened = try Ledger(path: path, run: Fixtures.run)
        defer { reopened.close() }
        XCTAssertEqual(reopened.nextRound, 7)
        try reopened.recordAbort(round: 9, reason: "broker restarted mid-round")
        XCTAssertEqual(reopened.nextRound, 10)
        XCTAssertEqual(try reopened.abortedRounds(), [
            AbortedRound(round: 2, reason: "quorum not reached: 1 of 3"),
            AbortedRound(round: 5, reason: "deadline"),
            AbortedRound(round: 9, reason: "broker restarted mid-round"),
        ])
        XCTAssertNoThrow(try reopened.checkIntegrity())
    }

    func testNextRoundAfterReopenCountsAnAbortNewerThanEveryCommit() throws {
        let path = directory.path("ledger.sqlite")
        let ledger = try Ledger(path: path, run: Fixtures.run)
        try ledger.append(Fixtures.round(sequence: 1, round: 3))
        try ledger.recordAbort(round: 8, reason: "deadline")
        ledger.close()
        let reopened = try Ledger(path: path, run: Fixtures.run)
        defer { reopened.close() }
        XCTAssertEqual(reopened.nextRound, 9)
        XCTAssertEqual(reopened.latestSequence, 1)
    }

    func testAbortBeyondInt64IsRefused() throws {
        let ledger = try Ledger(path: directory.path("ledger.sqlite"), run: Fixtures.run)
        defer { ledger.close() }
        XCTAssertEqual(ledgerError { try ledger.recordAbort(round: UInt64.max, reason: "x") }?.code, .invalidArgument)
        XCTAssertEqual(ledger.nextRound, 1)
    }
}
