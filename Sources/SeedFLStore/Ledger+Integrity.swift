/// Whole-file verification (for `seedfl verify` and after a crash).
extension Ledger {
    /// Checks the file and every ledger invariant, all in one read snapshot:
    ///
    /// 1. `PRAGMA integrity_check` (pages, indexes, constraints) reports "ok";
    /// 2. sequence numbers are exactly `1...latest`, with no gap or duplicate;
    /// 3. round numbers increase with the sequence, and no round is both committed and aborted;
    /// 4. every row decodes and passes `RoundValidation` (reads every blob once);
    /// 5. every snapshot is at a committed sequence and its chunks cover exactly its size.
    ///
    /// Cost is one pass over the file, so it is meant for verification, not for every commit.
    /// - Throws: `.integrityFailure` naming the first problem, or `.corruptRecord` for a bad row.
    public func checkIntegrity() throws {
        try connection.readTransaction {
            try checkSQLiteIntegrity()
            let latest = try checkContiguity()
            try checkRoundOrdering()
            try checkEveryRowDecodes(latest: latest)
            try checkSnapshots(latest: latest)
        }
    }

    private func failure(_ message: String) -> LedgerError {
        LedgerError(.integrityFailure, message, path: path)
    }

    /// The single integer `sql` returns; `parameter`, when given, is bound to its one `?`.
    private func count(_ sql: String, _ parameter: Int64? = nil) throws -> Int64 {
        try connection.withStatement(sql) { row in
            if let parameter { try row.bind(1, parameter) }
            guard try row.step() else { throw failure("no result for \(sql)") }
            return row.int64(0)
        }
    }

    private func checkSQLiteIntegrity() throws {
        let report = try connection.withStatement("PRAGMA integrity_check") { row -> [String] in
            var lines: [String] = []
            while try row.step() { lines.append(row.text(0) ?? "") }
            return lines
        }
        guard report == ["ok"] else {
            throw failure("PRAGMA integrity_check: \(report.prefix(5).joined(separator: "; "))")
        }
    }

    /// Returns the latest sequence number after checking that the sequences are 1...latest.
    private func checkContiguity() throws -> Int64 {
        try connection.withStatement(
            "SELECT COUNT(*), IFNULL(MIN(sequence), 0), IFNULL(MAX(sequence), 0) FROM rounds"
        ) { row in
            guard try row.step() else { throw failure("no result for the contiguity query") }
            let (rows, first, last) = (row.int64(0), row.int64(1), row.int64(2))
            guard rows == last, rows == 0 || first == 1 else {
                throw failure("sequences are not contiguous: \(rows) rows spanning \(first)...\(last)")
            }
            return last
        }
    }

    private func checkRoundOrdering() throws {
        let decreasing = try count("""
            SELECT COUNT(*) FROM rounds AS a JOIN rounds AS b ON b.sequence = a.sequence + 1
            WHERE b.round <= a.round
            """)
        guard decreasing == 0 else { throw failure("\(decreasing) rounds do not increase the round number") }
        let both = try count("SELECT COUNT(*) FROM rounds JOIN aborts USING (round)")
        guard both == 0 else { throw failure("\(both) round numbers are both committed and aborted") }
    }

    private func checkEveryRowDecodes(latest: Int64) throws {
        // Batches keep memory bounded when rounds carry dense deltas.
        var after: UInt64 = 0
        while true {
            let batch = try rounds(after: after, limit: 256)
            guard let last = batch.last else { break }
            after = last.sequence
        }
        guard after == UInt64(latest) else { throw failure("read \(after) rounds, expected \(latest)") }
    }

    private func checkSnapshots(latest: Int64) throws {
        let ahead = try count("SELECT COUNT(*) FROM snapshots WHERE sequence > ?", latest)
        guard ahead == 0 else { throw failure("\(ahead) snapshots are ahead of the latest sequence \(latest)") }
        let orphans = try count("""
            SELECT COUNT(*) FROM snapshot_chunks WHERE sequence NOT IN (SELECT sequence FROM snapshots)
            """)
        guard orphans == 0 else { throw failure("\(orphans) snapshot chunks belong to no snapshot") }
        // Chunk i of a snapshot of `size` bytes holds min(chunk_size, size - i*chunk_size) bytes,
        // and chunks 0..<ceil(size/chunk_size) are all present.
        let bad = try count("""
            SELECT COUNT(*) FROM snapshots AS s WHERE
              (SELECT COUNT(*) FROM snapshot_chunks AS c WHERE c.sequence = s.sequence)
                <> (s.size + s.chunk_size - 1) / s.chunk_size
              OR EXISTS (SELECT 1 FROM snapshot_chunks AS c WHERE c.sequence = s.sequence AND (
                   c.chunk >= (s.size + s.chunk_size - 1) / s.chunk_size
                   OR typeof(c.data) <> 'blob'
                   OR length(c.data) <> MIN(s.chunk_size, s.size - c.chunk * s.chunk_size)))
            """)
        guard bad == 0 else { throw failure("\(bad) snapshots have missing or mis-sized chunks") }
    }
}
