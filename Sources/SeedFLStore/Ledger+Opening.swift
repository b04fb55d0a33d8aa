import CSQLite

/// Connection set-up and schema bookkeeping used by the `Ledger` initialisers.
extension Ledger {
    /// The largest WAL file left on disk after a checkpoint, in bytes.
    public static let walSizeLimit = 1 << 20

    /// WAL with `synchronous=FULL`: a commit is durable once it returns (FULL fsyncs the WAL on
    /// every commit; NORMAL would only fsync at checkpoints and could lose the last commits on
    /// power loss, which would let a published round vanish). WAL also lets readers in other
    /// processes run alongside the writer.
    static func configureForWriting(_ connection: SQLiteConnection) throws {
        let mode = try connection.withStatement("PRAGMA journal_mode=WAL") { row -> String? in
            try row.step() ? row.text(0) : nil
        }
        guard mode?.lowercased() == "wal" else {
            throw LedgerError(.sqlite, "could not enable WAL journal mode (got \(mode ?? "nothing"))",
                              path: connection.path)
        }
        try connection.execute("PRAGMA synchronous=FULL")
        // Keep the WAL small: checkpoint every 256 pages (1 MiB at 4 KiB pages, SQLite's default
        // is 4 MiB) and shrink the file back to at most 1 MiB afterwards, so a run on a small
        // volume does not fill it with WAL (a 2 MiB disk stalled after ~236 commits with the
        // defaults), and a large snapshot transaction does not leave a snapshot-sized WAL.
        try connection.execute("PRAGMA wal_autocheckpoint=256")
        try connection.execute("PRAGMA journal_size_limit=\(walSizeLimit)")
    }

    /// The stored schema version, or nil for a file with no tables at all (a new ledger).
    /// A file with tables but no `schema_version` table is someone else's database.
    static func schemaVersion(_ connection: SQLiteConnection) throws -> Int64? {
        let tables = try connection.withStatement(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ) { row -> Set<String> in
            var names = Set<String>()
            while try row.step() { if let name = row.text(0) { names.insert(name) } }
            return names
        }
        if tables.isEmpty { return nil }
        guard tables.contains("schema_version") else {
            throw LedgerError(.notALedger, "the file holds tables but no schema_version table", path: connection.path)
        }
        return try connection.withStatement("SELECT version FROM schema_version") { row -> Int64 in
            guard try row.step(), row.type(0) == .integer else {
                throw LedgerError(.notALedger, "schema_version table is empty", path: connection.path)
            }
            return row.int64(0)
        }
    }

    static func writeMeta(_ connection: SQLiteConnection, version: Int64, run: RunIdentity) throws {
        try connection.withStatement("INSERT INTO schema_version (version) VALUES (?)") { statement in
            try statement.bind(1, version)
            try statement.run()
        }
        // The run id is stored as decimal text: all 64 bits, readable with the sqlite3 shell.
        for (key, value) in [(LedgerSchema.runIDKey, String(run.runID)),
                             (LedgerSchema.configFingerprintKey, run.configFingerprint)] {
            try connection.withStatement("INSERT INTO meta (key, value) VALUES (?, ?)") { statement in
                try statement.bind(1, key)
                try statement.bind(2, value)
                try statement.run()
            }
        }
    }

    /// The `meta` value of `key`, or nil when the ledger has none.
    static func metaValue(_ connection: SQLiteConnection, _ key: String) throws -> String? {
        try connection.withStatement("SELECT value FROM meta WHERE key = ?") { statement in
            try statement.bind(1, key)
            return try statement.step() ? statement.text(0) : nil
        }
    }

    static func readRunIdentity(_ connection: SQLiteConnection) throws -> RunIdentity {
        func value(_ key: String) throws -> String {
            guard let text = try metaValue(connection, key) else {
                throw LedgerError(.notALedger, "meta table has no \(key)", path: connection.path)
            }
            return text
        }
        let runText = try value(LedgerSchema.runIDKey)
        guard let runID = UInt64(runText) else {
            throw LedgerError(.corruptRecord, "meta run_id '\(runText)' is not a UInt64", path: connection.path)
        }
        return RunIdentity(runID: runID, configFingerprint: try value(LedgerSchema.configFingerprintKey))
    }

    /// `(latestSequence, nextRound)` as stored, read in one statement (one consistent snapshot).
    static func counters(_ connection: SQLiteConnection) throws -> (UInt64, UInt64) {
        try connection.withStatement("""
            SELECT (SELECT IFNULL(MAX(sequence), 0) FROM rounds),
                   MAX((SELECT IFNULL(MAX(round), 0) FROM rounds), (SELECT IFNULL(MAX(round), 0) FROM aborts))
            """) { row in
            guard try row.step() else {
                throw LedgerError(.sqlite, "counter query returned no row", path: connection.path)
            }
            let sequence = row.int64(0), round = row.int64(1)
            // The schema's CHECKs keep both non-negative; Int64.max would make nextRound overflow.
            guard sequence >= 0, round >= 0, round < Int64.max else {
                throw LedgerError(.corruptRecord, "stored counters out of range (sequence \(sequence), round \(round))",
                                  path: connection.path)
            }
            return (UInt64(sequence), UInt64(round) + 1)
        }
    }
}
