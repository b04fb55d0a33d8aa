/// Model snapshots for trainers that lag too far behind to replay history.
///
/// A snapshot is stored in fixed-size chunk rows so that serving a piece of it reads only the
/// rows it covers, and no single BLOB approaches SQLite's 1 GB limit. The ledger does not
/// compute fingerprints (it has no hash function and does not interpret model bytes); the
/// caller supplies the SHA-256 and the receiver checks it after reassembly.
extension Ledger {
    /// Bytes per stored chunk row. 1 MiB: large enough that a 500 MB model is only 500 rows,
    /// small enough that reading one chunk of a served range wastes at most 1 MiB of I/O.
    public static let snapshotChunkSize = 1 << 20

    /// Stores a snapshot of the model after applying rounds `1...sequence`, in one transaction.
    ///
    /// Idempotent: storing the same fingerprint and size again at the same sequence does
    /// nothing (a restarted broker may retry). A different snapshot at that sequence is refused.
    /// - Throws: `.invalidArgument` when `sequence` is not in `1...latestSequence` or the
    ///   fingerprint is not 64 lowercase hex digits; `.snapshotConflict`; `.readOnly`.
    public func putSnapshot(sequence: UInt64, fingerprint: String, bytes: [UInt8]) throws {
        _ = try writableConnection()
        guard sequence >= 1, sequence <= latestSequence else {
            throw LedgerError(.invalidArgument,
                              "snapshot sequence \(sequence) is not a committed sequence (1...\(latestSequence))",
                              path: path)
        }
        guard fingerprint.utf8.count == 64,
              fingerprint.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw LedgerError(.invalidArgument, "fingerprint '\(fingerprint)' is not 64 lowercase hex digits", path: path)
        }
        if let existing = try snapshotInfo(sequence: sequence) {
            guard existing.fingerprint == fingerprint, existing.size == bytes.count else {
                throw LedgerError(.snapshotConflict,
                                  "sequence \(sequence) already has snapshot \(existing.fingerprint) (\(existing.size) bytes)",
                                  path: path)
            }
            return
        }
        let chunkSize = Ledger.snapshotChunkSize
        try write { connection in
            try connection.withStatement(
                "INSERT INTO snapshots (sequence, fingerprint, size, chunk_size) VALUES (?, ?, ?, ?)"
            ) { statement in
                try statement.bind(1, Int64(sequence))
                try statement.bind(2, fingerprint)
                try statement.bind(3, Int64(bytes.count))
                try statement.bind(4, Int64(chunkSize))
                try statement.run()
            }
            for (index, start) in stride(from: 0, to: bytes.count, by: chunkSize).enumerated() {
                try connection.withStatement(
                    "INSERT INTO snapshot_chunks (sequence, chunk, data) VALUES (?, ?, ?)"
                ) { statement in
                    try statement.bind(1, Int64(sequence))
                    try statement.bind(2, Int64(index))
                    try statement.bind(3, blob: Array(bytes[start..<min(start + chunkSize, bytes.count)]))
                    try statement.run()
                }
            }
        }
    }

    /// The snapshot with the highest sequence number, or nil when none is stored.
    public func latestSnapshot() throws -> SnapshotInfo? {
        try connection.withStatement(
            "SELECT sequence, fingerprint, size FROM snapshots ORDER BY sequence DESC LIMIT 1"
        ) { row in try row.step() ? try snapshotInfo(row) : nil }
    }

    /// The snapshot stored at `sequence`, or nil.
    public func snapshotInfo(sequence: UInt64) throws -> SnapshotInfo? {
        guard let key = Int64(exactly: sequence) else { return nil }
        return try connection.withStatement(
            "SELECT sequence, fingerprint, size FROM snapshots WHERE sequence = ?"
        ) { row in
            try row.bind(1, key)
            return try row.step() ? try snapshotInfo(row) : nil
        }
    }

    private func snapshotInfo(_ row: SQLiteStatement) throws -> SnapshotInfo {
        let sequence = row.int64(0), size = row.int64(2)
        guard row.type(0) == .integer, sequence >= 1, row.type(2) == .integer,
              let byteCount = Int(exactly: size), byteCount >= 0, let fingerprint = row.text(1) else {
            throw LedgerError(.corruptRecord, "snapshot row at sequence \(sequence) is malformed", path: path)
        }
        return SnapshotInfo(sequence: UInt64(sequence), fingerprint: fingerprint, size: byteCount)
    }

    /// Bytes `offset ..< offset + length` of the snapshot at `sequence`.
    ///
    /// Reads only the chunk rows the range covers, in one read snapshot of the file.
    /// - Throws: `.snapshotNotFound`; `.invalidArgument` when the range is negative or extends
    ///   past the snapshot's size; `.corruptRecord` when a chunk is missing or mis-sized.
    public func snapshotChunk(sequence: UInt64, offset: Int, length: Int) throws -> [UInt8] {
        try connection.readTransaction {
            guard let key = Int64(exactly: sequence) else {
                throw LedgerError(.snapshotNotFound, "no snapshot at sequence \(sequence)", path: path)
            }
            let (size, chunkSize) = try connection.withStatement(
                "SELECT size, chunk_size FROM snapshots WHERE sequence = ?"
            ) { row -> (Int, Int) in
                try row.bind(1, key)
                guard try row.step() else {
                    throw LedgerError(.snapshotNotFound, "no snapshot at sequence \(sequence)", path: path)
                }
                guard let size = Int(exactly: row.int64(0)), let chunkSize = Int(exactly: row.int64(1)),
                      size >= 0, chunkSize >= 1 else {
                    throw LedgerError(.corruptRecord, "snapshot \(sequence) has a malformed size", path: path)
                }
                return (size, chunkSize)
            }
            guard offset >= 0, length >= 0, offset <= size, length <= size - offset else {
                throw LedgerError(.invalidArgument,
                                  "range \(offset) + \(length) is outside the snapshot's \(size) bytes", path: path)
            }
            guard length > 0 else { return [] }
            let first = offset / chunkSize, last = (offset + length - 1) / chunkSize
            var out: [UInt8] = []
            out.reserveCapacity(length)
            try connection.withStatement("""
                SELECT chunk, data FROM snapshot_chunks WHERE sequence = ? AND chunk BETWEEN ? AND ? ORDER BY chunk
                """) { row in
                try row.bind(1, key)
                try row.bind(2, Int64(first))
                try row.bind(3, Int64(last))
                var expected = first
                while try row.step() {
                    let start = expected * chunkSize
                    let expectedBytes = min(chunkSize, size - start)
                    guard row.int64(0) == Int64(expected), row.type(1) == .blob else {
                        throw LedgerError(.corruptRecord, "snapshot \(sequence) is missing chunk \(expected)", path: path)
                    }
                    try row.withBlob(1) { data in
                        guard data.count == expectedBytes else {
                            throw LedgerError(.corruptRecord,
                                              "snapshot \(sequence) chunk \(expected) has \(data.count) bytes, expected \(expectedBytes)",
                                              path: path)
                        }
                        let from = max(offset, start) - start
                        let to = min(offset + length, start + expectedBytes) - start
                        out.append(contentsOf: data[from..<to])
                    }
                    expected += 1
                }
                guard expected == last + 1 else {
                    throw LedgerError(.corruptRecord, "snapshot \(sequence) is missing chunk \(expected)", path: path)
                }
            }
            return out
        }
    }

    /// Deletes all but the `count` most recent snapshots (a snapshot is only useful until a
    /// newer one exists; old ones just hold disk space). `count` must be at least 1.
    public func pruneSnapshots(keepingLatest count: Int) throws {
        guard count >= 1 else {
            throw LedgerError(.invalidArgument, "must keep at least one snapshot, asked for \(count)", path: path)
        }
        try write { connection in
            let cutoff = """
                (SELECT sequence FROM snapshots ORDER BY sequence DESC LIMIT 1 OFFSET ?)
                """
            try connection.withStatement("DELETE FROM snapshot_chunks WHERE sequence <= \(cutoff)") { statement in
                try statement.bind(1, Int64(count))
                try statement.run()
            }
            try connection.withStatement("DELETE FROM snapshots WHERE sequence <= \(cutoff)") { statement in
                try statement.bind(1, Int64(count))
                try statement.run()
            }
        }
    }
}
