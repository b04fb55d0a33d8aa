import CSQLite

/// A borrowed view of one cached prepared statement: binding, stepping, reading columns.
///
/// Only valid inside `SQLiteConnection.withStatement`; it does not own the statement.
struct SQLiteStatement {
    let handle: OpaquePointer
    unowned let connection: SQLiteConnection
    let sql: String

    /// `SQLITE_TRANSIENT`: SQLite copies bound bytes, so the Swift buffer may go away right
    /// after the bind call. (The C macro is a cast of -1 that Swift does not import.)
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
    }

    private func check(_ rc: Int32, _ what: String) throws {
        guard rc == SQLITE_OK else { throw connection.error(.sqlite, "\(what) in \(sql.prefix(60))", result: rc) }
    }

    // MARK: Binding (indices are 1-based, as in SQLite)

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value), "binding parameter \(index)")
    }

    func bind(_ index: Int32, _ value: String) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, Self.transient), "binding parameter \(index)")
    }

    /// Binds bytes as a BLOB; an empty array binds a zero-length BLOB, not NULL (SQLite binds
    /// NULL for a nil pointer, which a `NOT NULL` column would refuse).
    func bind(_ index: Int32, blob bytes: [UInt8]) throws {
        if bytes.isEmpty {
            try check(sqlite3_bind_zeroblob(handle, index, 0), "binding parameter \(index)")
            return
        }
        let rc = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob64(handle, index, raw.baseAddress, sqlite3_uint64(raw.count), Self.transient)
        }
        try check(rc, "binding parameter \(index)")
    }

    func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index), "binding parameter \(index)")
    }

    // MARK: Stepping

    /// Advances the statement: true when a row is available, false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(.sqlite, "executing \(sql.prefix(80))", result: rc)
        }
    }

    /// Steps a statement that returns no rows.
    func run() throws {
        _ = try step()
    }

    // MARK: Columns (indices are 0-based, as in SQLite)

    enum ColumnType { case integer, float, text, blob, null }

    func type(_ column: Int32) -> ColumnType {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .float
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .null
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    /// Calls `body` with the column's bytes; the buffer is only valid during the call.
    func withBlob<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // Read the pointer first, then the size (the order SQLite documents as safe).
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer, count > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
