import SeedFLStore
import XCTest

final class LedgerSnapshotTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var ledger: Ledger!
    private let fingerprintA = String(repeating: "0123456789abcdef", count: 4)
    private let fingerprintB = String(repeating: "fedcba9876543210", count: 4)

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(path: directory.path("ledger.sqlite"), run: Fixtures.run)
        for sequence in UInt64(1)...4 { try ledger.append(Fixtures.round(sequence: sequence, round: sequence)) }
    }

    override func tearDown() {
        ledger.close()
        directory.remove()
    }

    /// Deterministic bytes spanning several chunks with a partial last chunk.
    private func bytes(_ count: Int, salt: UInt32 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: (UInt32($0) &* 2_654_435_761 &+ salt) >> 13) }
    }

    func testSnapshotRoundTripsByRangeAcrossChunkBoundaries() throws {
        let chunk = Ledger.snapshotChunkSize
        let blob = bytes(2 * chunk + 12_345)
        try ledger.putSnapshot(sequence: 3, fingerprint: fingerprintA, bytes: blob)
        XCTAssertEqual(try ledger.latestSnapshot(), SnapshotInfo(sequence: 3, fingerprint: fingerprintA, size: blob.count))

        let ranges = [(0, 0), (0, 10), (chunk - 5, 10), (chunk, chunk), (chunk - 1, chunk + 2),
                      (blob.count - 7, 7), (0, blob.count), (blob.count, 0)]
        for (offset, length) in ranges {
            XCTAssertEqual(try ledger.snapshotChunk(sequence: 3, offset: offset, length: length),
                           Array(blob[offset..<offset + length]), "offset \(offset) length \(length)")
        }
        XCTAssertNoThrow(try ledger.checkIntegrity())
    }

    func testSnapshotArgumentsAreValidated() throws {
        let blob = bytes(100)
        XCTAssertEqual(ledgerError { try ledger.putSnapshot(sequence: 5, fingerprint: fingerprintA, bytes: blob) }?.code,
                       .invalidArgument, "ahead of the ledger")
        XCTAssertEqual(ledgerError { try ledger.putSnapshot(sequence: 0, fingerprint: fingerprintA, bytes: blob) }?.code,
                       .invalidArgument)
        XCTAssertEqual(ledgerError { try ledger.putSnapshot(sequence: 2, fingerprint: "ABC", bytes: blob) }?.code,
                       .invalidArgument)
        XCTAssertEqual(ledgerError {
            try ledger.putSnapshot(sequence: 2, fingerprint: fingerprintA.uppercased(), bytes: blob)
        }?.code, .invalidArgument)
        XCTAssertNil(try ledger.latestSnapshot())

        try ledger.putSnapshot(sequence: 2, fingerprint: fingerprintA, bytes: blob)
        XCTAssertNoThrow(try ledger.putSnapshot(sequence: 2, fingerprint: fingerprintA, bytes: blob), "idempotent retry")
        XCTAssertEqual(ledgerError { try ledger.putSnapshot(sequence: 2, fingerprint: fingerprintB, bytes: blob) }?.code,
                       .snapshotConflict)
        XCTAssertEqual(ledgerError { _ = try ledger.snapshotChunk(sequence: 2, offset: 90, length: 11) }?.code,
                       .invalidArgument)
        XCTAssertEqual(ledgerError { _ = try ledger.snapshotChunk(sequence: 2, offset: -1, length: 1) }?.code,
                       .invalidArgument)
        XCTAssertEqual(ledgerError { _ = try ledger.snapshotChunk(sequence: 2, offset: 0, length: Int.max) }?.code,
                       .invalidArgument)
        XCTAssertEqual(ledgerError { _ = try ledger.snapshotChunk(sequence: 1, offset: 0, length: 1) }?.code,
                       .snapshotNotFound)
    }

    func testEmptySnapshotAndLatestAndPrune() throws {
        try ledger.putSnapshot(sequence: 1, fingerprint: fingerprintA, bytes: [])
        XCTAssertEqual(try ledger.snapshotChunk(sequence: 1, offset: 0, length: 0), [])
        try ledger.putSnapshot(sequence: 2, fingerprint: fingerprintB, bytes: bytes(10, salt: 1))
        try ledger.putSnapshot(sequence: 4, fingerprint: fingerprintA, bytes: bytes(20, salt: 2))
        XCTAssertEqual(try ledger.latestSnapshot()?.sequence, 4)

        try ledger.pruneSnapshots(keepingLatest: 2)
        XCTAssertNil(try ledger.snapshotInfo(sequence: 1))
        XCTAssertEqual(try ledger.snapshotInfo(sequence: 2)?.fingerprint, fingerprintB)
        XCTAssertEqual(try ledger.snapshotChunk(sequence: 4, offset: 0, length: 20), bytes(20, salt: 2))
        try ledger.pruneSnapshots(keepingLatest: 1)
        XCTAssertNil(try ledger.snapshotInfo(sequence: 2))
        XCTAssertEqual(try ledger.latestSnapshot()?.sequence, 4)
        XCTAssertEqual(ledgerError { try ledger.pruneSnapshots(keepingLatest: 0) }?.code, .invalidArgument)
        XCTAssertNoThrow(try ledger.checkIntegrity())
    }

    func testMissingChunkIsCorruptRecord() throws {
        try ledger.putSnapshot(sequence: 3, fingerprint: fingerprintA, bytes: bytes(Ledger.snapshotChunkSize + 10))
        ledger.close()
        let path = directory.path("ledger.sqlite")
        try RawSQLite.execute("DELETE FROM snapshot_chunks WHERE sequence = 3 AND chunk = 1", at: path)
        let reader = try Ledger(readOnlyAt: path)
        defer { reader.close() }
        XCTAssertEqual(try reader.snapshotChunk(sequence: 3, offset: 0, length: 5), bytes(5))
        XCTAssertEqual(ledgerError {
            _ = try reader.snapshotChunk(sequence: 3, offset: Ledger.snapshotChunkSize, length: 5)
        }?.code, .corruptRecord)
        XCTAssertEqual(ledgerError { try reader.checkIntegrity() }?.code, .integrityFailure)
    }
}
