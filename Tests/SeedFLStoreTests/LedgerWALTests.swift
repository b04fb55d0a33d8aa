import Foundation
import SeedFLStore
import XCTest

/// The ledger's write-ahead log stays small however many rounds are committed, so a run on
/// a small volume does not fill it with WAL (SQLite's defaults let it grow to 4 MiB).
final class LedgerWALTests: XCTestCase {
    func testWALStaysNearItsLimitOverManyCommits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("ledger.sqlite")
        let ledger = try Ledger(path: path, run: Fixtures.run)
        defer { ledger.close() }
        var largest = 0
        for sequence in 1...1_500 {
            try ledger.append(Fixtures.round(sequence: UInt64(sequence), round: UInt64(sequence)))
            if sequence % 100 == 0 {
                let size = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
                largest = max(largest, size ?? 0)
            }
        }
        XCTAssertGreaterThan(largest, 0, "the ledger runs in WAL mode")
        // 256 pages of 4 KiB plus frame headers between checkpoints: a little over 1 MiB.
        XCTAssertLessThanOrEqual(largest, Ledger.walSizeLimit * 3 / 2, "WAL grew to \(largest) bytes")
        XCTAssertEqual(ledger.latestSequence, 1_500)
    }
}
