import CSQLite

// Why the raw SQLite C API and not GRDB: on this machine GRDB adds ~30 s to a clean debug
// build and ~2 min to a clean release build (CONVENTIONS.md), while this module builds in
// seconds against the system libsqlite3. The ledger needs a handful of fixed statements,
// one transaction per write and exact control over pragmas; a thin wrapper is enough.

/// One SQLite connection and its prepared-statement cache.
///
/// Not `Sendable`: opened with `SQLITE_OPEN_NOMUTEX`, so it must be used from one thread at a
/// time; `Ledger` (its only owner) carries the same contract.
final class SQLiteConnection {
    let path: String
    private var handle: OpaquePointer?
    /// Statements are prepared once per connection and reused: the ledger runs the same few
    /// statements for its whole life, and re-parsing SQL on every append would be wasted work.
    private var statements: [String: OpaquePointer] = [:]

    /// Opens `path`. `create` lets SQLite create a missing file; `readOnly` opens with
    /// `SQLITE_OPEN_READONLY` (never creates, never writes).
    init(path: String, readOnly: Bool, create: Bool, busyTimeoutMilliseconds: Int32) throws {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let text = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw LedgerError(.cannotOpen, readOnly ? "cannot open for reading" : "cannot open for writing",
                              path: path, sqliteCode: rc, sqliteMessage: text)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { close() }

    var isOpen: Bool { handle != nil }

    /// Finalizes every cached statement and closes the connection. Idempotent.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// An error for the last failure on this connection, with SQLite's code and message.
    func error(_ code: LedgerError.Code, _ what: String, result: Int32) -> LedgerError {
        let text = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(result))
        return LedgerError(code, what, path: path, sqliteCode: result, sqliteMessage: text)
    }

    private func openHandle() throws -> OpaquePointer {
        guard let handle else { throw LedgerError(.closed, "the ledger connection is closed", path: path) }
        return handle
    }

    /// Runs one or more SQL statements that take no parameters and return no rows we need.
    func execute(_ sql: String) throws {
        let db = try openHandle()
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(.sqlite, "executing \(sql.prefix(80))", result: rc) }
    }

    /// Runs `body` with the cached prepared statement for `sql`, reset and unbound afterwards
    /// so the next user starts clean (and so no read statement keeps a WAL snapshot open).
    func withStatement<R>(_ sql: String, _ body: (SQLiteStatement) throws -> R) throws -> R {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        return try body(SQLiteStatement(handle: statement, connection: self, sql: sql))
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        let db = try openHandle()
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw error(.sqlite, "preparing \(sql.prefix(80))", result: rc)
        }
        statements[sql] = statement
        return statement
    }

    /// True when no transaction is open on this connection.
    var isAutocommit: Bool { handle.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    /// Runs `body` inside a write transaction and returns only after COMMIT succeeded, which
    /// (with `synchronous=FULL` in WAL mode) means the transaction is on disk.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a conflicting writer shows up as
    /// `SQLITE_BUSY` at BEGIN (after the busy timeout) rather than half-way through.
    func writeTransaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollbackIfNeeded()
            throw error
        }
    }

    /// Runs `body` inside a read transaction so that every statement in it sees the same
    /// snapshot of the file, even while another process appends (WAL readers see the last
    /// commit made before their transaction started).
    func readTransaction<R>(_ body: () throws -> R) throws -> R {
        guard isAutocommit else { return try body() }
        try execute("BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollbackIfNeeded()
            throw error
        }
    }

    private func rollbackIfNeeded() {
        // A failed COMMIT may already have rolled back; only roll back an open transaction.
        if let handle, sqlite3_get_autocommit(handle) == 0 {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }
}
