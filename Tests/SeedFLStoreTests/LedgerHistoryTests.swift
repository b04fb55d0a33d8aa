import SeedFLCore
import SeedFLStore
import XCTest

final class LedgerHistoryTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var ledger: Ledger!
    private var expected: [CommittedRound] = []

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(path: directory.path("ledger.sqlite"), run: Fixtures.run)
        var round: UInt64 = 1
        for sequence in UInt64(1)...37 {
            round += sequence % 3  // gaps in round numbers, none in sequences
            let record = Fixtures.round(sequence: sequence, round: round)
            try ledger.append(record)
            expected.append(record)
            round += 1
        }
    }

    override func tearDown() {
        ledger.close()
        directory.remove()
    }

    func testRoundsAfterReturnsExactlyTheRequestedWindow() throws {
        for after in [0, 1, 5, 20, 35, 36, 37, 38, 1_000] as [UInt64] {
            for limit in [0, 1, 2, 7, 37, 100] {
                let window = try ledger.rounds(after: after, limit: limit)
                let want = Array(expected.filter { $0.sequence > after }.prefix(limit))
                XCTAssertEqual(window.map(\.sequence), want.map(\.sequence), "after \(after) limit \(limit)")
                for (got, wanted) in zip(window, want) { assertBitIdentical(got, wanted) }
            }
        }
        XCTAssertEqual(try ledger.rounds(after: UInt64.max, limit: 5), [])
    }

    func testPagingInChunksReassemblesTheWholeHistory() throws {
        var collected: [CommittedRound] = []
        var after: UInt64 = 0
        while true {
            let chunk = try ledger.rounds(after: after, limit: 8)
            collected += chunk
            guard chunk.count == 8, let last = chunk.last else { break }
            after = last.sequence
        }
        XCTAssertEqual(collected, expected)
    }

    func testNegativeLimitIsATypedError() {
        XCTAssertEqual(ledgerError { _ = try ledger.rounds(after: 0, limit: -1) }?.code, .invalidArgument)
    }

    func testSingleRoundLookup() throws {
        assertBitIdentical(try ledger.round(sequence: 17), expected[16])
        XCTAssertNil(try ledger.round(sequence: 0))
        XCTAssertNil(try ledger.round(sequence: 38))
        XCTAssertNil(try ledger.round(sequence: UInt64.max))
    }
}
