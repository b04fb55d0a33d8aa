import SeedFLStore
import XCTest

/// Damage a stored row with raw SQL and check that reading it gives `.corruptRecord`, not a trap.
final class LedgerCorruptionTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var path: String!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        path = directory.path("ledger.sqlite")
        let ledger = try Ledger(path: path, run: Fixtures.run)
        for sequence in UInt64(1)...3 { try ledger.append(Fixtures.round(sequence: sequence, round: sequence)) }
        ledger.close()
    }

    override func tearDown() { directory.remove() }

    /// Applies `update` to the row with sequence 2 (the schema forbids updates, so the guard
    /// trigger is dropped first, as a tool bypassing the ledger would).
    private func corruptSecondRow(_ assignment: String) throws {
        try RawSQLite.execute("""
            DROP TRIGGER rounds_no_update;
            UPDATE rounds SET \(assignment) WHERE sequence = 2;
            """, at: path)
    }

    private func assertSecondRowIsCorrupt(_ assignment: String, mentioning word: String,
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        try corruptSecondRow(assignment)
        let ledger = try Ledger(readOnlyAt: path)
        defer { ledger.close() }
        assertBitIdentical(try ledger.round(sequence: 1), Fixtures.round(sequence: 1, round: 1), file: file, line: line)
        for read in [{ _ = try ledger.round(sequence: 2) }, { _ = try ledger.rounds(after: 0, limit: 10) },
                     { try ledger.checkIntegrity() }] {
            let error = ledgerError(read, file: file, line: line)
            XCTAssertEqual(error?.code, .corruptRecord, file: file, line: line)
            XCTAssertTrue(error?.message.contains("sequence 2") ?? false, error?.description ?? "", file: file, line: line)
            XCTAssertTrue(error?.message.contains(word) ?? false, error?.description ?? "", file: file, line: line)
        }
    }

    func testScalarsBlobWithOddLength() throws {
        try assertSecondRowIsCorrupt("scalars = x'0102030405'", mentioning: "multiple of 4")
    }

    func testScalarsBlobWithWrongCount() throws {
        try assertSecondRowIsCorrupt("scalars = zeroblob(8)", mentioning: "expected steps x perturbations")
    }

    func testContributorsGarbage() throws {
        try assertSecondRowIsCorrupt("contributors = x'010203'", mentioning: "contributors")
    }

    func testNonFiniteScalarWrittenBehindTheLedgersBack() throws {
        // 6 scalars, the first one +infinity (0x7f800000 little-endian).
        try assertSecondRowIsCorrupt("scalars = x'0000807f\(String(repeating: "00", count: 20))'", mentioning: "not finite")
    }

    func testFloatBitsOutOfRange() throws {
        try assertSecondRowIsCorrupt("learning_rate_bits = 4294967296", mentioning: "learning_rate_bits")
    }

    func testDenseGarbage() throws {
        try assertSecondRowIsCorrupt("dense = x'00'", mentioning: "dense")
    }

    func testDeletedRowIsAnIntegrityFailure() throws {
        try RawSQLite.execute("DROP TRIGGER rounds_no_delete; DELETE FROM rounds WHERE sequence = 2;", at: path)
        let ledger = try Ledger(readOnlyAt: path)
        defer { ledger.close() }
        let error = ledgerError { try ledger.checkIntegrity() }
        XCTAssertEqual(error?.code, .integrityFailure)
        XCTAssertTrue(error?.message.contains("not contiguous") ?? false, error?.description ?? "")
    }

    func testSchemaTriggersRefuseRawWritesThatBreakTheInvariants() throws {
        XCTAssertThrowsError(try RawSQLite.execute("DELETE FROM rounds WHERE sequence = 3", at: path))
        XCTAssertThrowsError(try RawSQLite.execute("UPDATE rounds SET seed = 0 WHERE sequence = 1", at: path))
        XCTAssertThrowsError(try RawSQLite.execute("""
            INSERT INTO rounds SELECT 5, 9, seed, steps, perturbations, learning_rate_bits, scalars, contributors,
            mean_loss_bits, dense FROM rounds WHERE sequence = 3
            """, at: path), "a sequence gap")
        XCTAssertThrowsError(try RawSQLite.execute("INSERT INTO aborts VALUES (2, 'reused')", at: path))
        let ledger = try Ledger(readOnlyAt: path)
        defer { ledger.close() }
        XCTAssertNoThrow(try ledger.checkIntegrity())
        XCTAssertEqual(ledger.latestSequence, 3)
    }
}
