import CSQLite
import SeedFLCore
import SeedFLStore
import XCTest

final class LedgerOpeningTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testRunIdentityMismatchIsRefusedNamingBoth() throws {
        let path = directory.path("ledger.sqlite")
        try Ledger(path: path, run: Fixtures.run).close()
        let otherRun = RunIdentity(runID: 7, configFingerprint: Fixtures.run.configFingerprint)
        let otherConfig = RunIdentity(runID: Fixtures.run.runID, configFingerprint: "cafe")
        for other in [otherRun, otherConfig] {
            let error = ledgerError { _ = try Ledger(path: path, run: other) }
            XCTAssertEqual(error?.code, .runMismatch)
            XCTAssertTrue(error?.message.contains(Fixtures.run.description) ?? false, error?.description ?? "")
            XCTAssertTrue(error?.message.contains(other.description) ?? false, error?.description ?? "")
            XCTAssertEqual(ledgerError { _ = try Ledger(readOnlyAt: path, expecting: other) }?.code, .runMismatch)
        }
        // The refused opens released the writer lock and left the ledger usable.
        let ledger = try Ledger(path: path, run: Fixtures.run)
        XCTAssertEqual(ledger.run, Fixtures.run)
        ledger.close()
        XCTAssertEqual(try Ledger(readOnlyAt: path).run, Fixtures.run)
    }

    /// The replay settings are stamped once: a ledger written without them (older builds) gets
    /// them on its next writable open, the same settings reopen it, other settings are refused
    /// with both texts named, and a refused open leaves the ledger usable.
    func testReplaySettingsAreStampedOnceAndOthersRefused() throws {
        let path = directory.path("ledger.sqlite")
        let legacy = try Ledger(path: path, run: Fixtures.run)
        XCTAssertNil(try legacy.replaySettings())
        try legacy.append(Fixtures.round(sequence: 1, round: 1))
        legacy.close()
        let stamped = try Ledger(path: path, run: Fixtures.run, replaySettings: #"{"steps":1}"#)
        XCTAssertEqual(try stamped.replaySettings(), #"{"steps":1}"#)
        stamped.close()
        let error = ledgerError { _ = try Ledger(path: path, run: Fixtures.run, replaySettings: #"{"steps":2}"#) }
        XCTAssertEqual(error?.code, .runMismatch)
        XCTAssertTrue(error?.message.contains(#"{"steps":1}"#) ?? false, error?.description ?? "")
        XCTAssertTrue(error?.message.contains(#"{"steps":2}"#) ?? false, error?.description ?? "")
        let reopened = try Ledger(path: path, run: Fixtures.run, replaySettings: #"{"steps":1}"#)
        XCTAssertEqual(reopened.latestSequence, 1)
        reopened.close()
        XCTAssertEqual(try Ledger(readOnlyAt: path).replaySettings(), #"{"steps":1}"#)
    }

    func testSecondWriterIsRefusedUntilTheFirstCloses() throws {
        let path = directory.path("ledger.sqlite")
        let first = try Ledger(path: path, run: Fixtures.run)
        XCTAssertEqual(ledgerError { _ = try Ledger(path: path, run: Fixtures.run) }?.code, .writerLocked)
        first.close()
        let second = try Ledger(path: path, run: Fixtures.run)
        second.close()
    }

    func testReadOnlyLedgerFollowsALiveWriterAndRefusesWrites() throws {
        let path = directory.path("ledger.sqlite")
        let writer = try Ledger(path: path, run: Fixtures.run)
        defer { writer.close() }
        try writer.append(Fixtures.round(sequence: 1, round: 1))
        let reader = try Ledger(readOnlyAt: path, expecting: Fixtures.run)
        defer { reader.close() }
        XCTAssertTrue(reader.isReadOnly)
        XCTAssertEqual(reader.latestSequence, 1)

        try writer.append(Fixtures.round(sequence: 2, round: 2))
        try writer.recordAbort(round: 3, reason: "quorum")
        XCTAssertEqual(try reader.rounds(after: 0, limit: 10).count, 2, "WAL readers see every commit")
        try reader.refresh()
        XCTAssertEqual(reader.latestSequence, 2)
        XCTAssertEqual(reader.nextRound, 4)
        XCTAssertNoThrow(try reader.checkIntegrity())

        XCTAssertEqual(ledgerError { try reader.append(Fixtures.round(sequence: 3, round: 4)) }?.code, .readOnly)
        XCTAssertEqual(ledgerError { try reader.recordAbort(round: 9, reason: "x") }?.code, .readOnly)
        XCTAssertEqual(ledgerError {
            try reader.putSnapshot(sequence: 1, fingerprint: String(repeating: "0", count: 64), bytes: [1])
        }?.code, .readOnly)
    }

    func testReadOnlyOpenOfMissingFileFailsWithoutCreatingIt() throws {
        let path = directory.path("missing.sqlite")
        XCTAssertEqual(ledgerError { _ = try Ledger(readOnlyAt: path) }?.code, .cannotOpen)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testForeignDatabaseAndNewerSchemaAreRefused() throws {
        let foreign = directory.path("foreign.sqlite")
        try RawSQLite.execute("CREATE TABLE people (name TEXT)", at: foreign)
        XCTAssertEqual(ledgerError { _ = try Ledger(path: foreign, run: Fixtures.run) }?.code, .notALedger)
        XCTAssertEqual(ledgerError { _ = try Ledger(readOnlyAt: foreign) }?.code, .notALedger)

        let newer = directory.path("newer.sqlite")
        try Ledger(path: newer, run: Fixtures.run).close()
        try RawSQLite.execute("UPDATE schema_version SET version = 99", at: newer)
        let error = ledgerError { _ = try Ledger(path: newer, run: Fixtures.run) }
        XCTAssertEqual(error?.code, .unsupportedSchema)
        XCTAssertTrue(error?.message.contains("99") ?? false)
    }

    func testLedgerFileIsInWALModeWithTheSchemaVersion() throws {
        let path = directory.path("ledger.sqlite")
        try Ledger(path: path, run: Fixtures.run).close()
        XCTAssertEqual(try RawSQLite.text("PRAGMA journal_mode", at: path), "wal")
        XCTAssertEqual(try RawSQLite.text("SELECT version FROM schema_version", at: path), "1")
        XCTAssertEqual(try RawSQLite.text("SELECT value FROM meta WHERE key = 'run_id'", at: path),
                       String(Fixtures.run.runID))
    }
}

/// Direct SQLite access for tests that inspect or damage a ledger file behind `Ledger`'s back.
enum RawSQLite {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func execute(_ sql: String, at path: String) throws {
        try withDatabase(path) { db in
            var message: UnsafeMutablePointer<CChar>?
            guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
                let text = message.map { String(cString: $0) } ?? "unknown"
                sqlite3_free(message)
                throw Failure(description: "\(sql): \(text)")
            }
        }
    }

    /// The first column of the first row of `sql`, as text.
    static func text(_ sql: String, at path: String) throws -> String? {
        try withDatabase(path) { db in
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
            defer { sqlite3_finalize(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
            return String(cString: text)
        }
    }

    private static func withDatabase<R>(_ path: String, _ body: (OpaquePointer) throws -> R) throws -> R {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            throw Failure(description: "cannot open \(path)")
        }
        defer { sqlite3_close(db) }
        return try body(db)
    }
}
