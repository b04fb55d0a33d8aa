/// A failed ledger operation: what failed, why, and (when SQLite was involved) SQLite's own
/// result code and message, plus the ledger file it concerns.
///
/// Modelled on swift-nio's errors: the value carries enough context to be logged as is and
/// to be matched on (`error.code == .sequenceGap`) without parsing text.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure. Callers match on this; the message is for humans.
    public enum Code: String, Sendable, CaseIterable {
        /// The database file could not be opened or created.
        case cannotOpen
        /// SQLite reported an error while executing a statement (see `sqliteCode`).
        case sqlite
        /// The file is an SQLite database but not a SeedFL ledger (no schema, no run identity).
        case notALedger
        /// The ledger was written by a newer schema version than this code understands.
        case unsupportedSchema
        /// The ledger belongs to another run (different run id or configuration fingerprint).
        case runMismatch
        /// Another process already holds this ledger open for writing.
        case writerLocked
        /// A write was attempted on a ledger opened read-only.
        case readOnly
        /// The ledger was used after `close()`.
        case closed
        /// An appended round's sequence number is not exactly `latestSequence + 1`.
        case sequenceGap
        /// A round number is not strictly greater than every round committed or aborted before.
        case roundNotIncreasing
        /// A record handed to the ledger is internally inconsistent or holds non-finite values.
        case invalidRecord
        /// A stored row fails validation (wrong blob length, wrong column type, bad values).
        case corruptRecord
        /// `checkIntegrity()` found a problem (SQLite integrity check or ledger invariants).
        case integrityFailure
        /// An argument is out of range (negative limit, bad fingerprint, snapshot ahead of the ledger).
        case invalidArgument
        /// A different snapshot is already stored at this sequence number.
        case snapshotConflict
        /// No snapshot is stored at the requested sequence number.
        case snapshotNotFound
    }

    /// The kind of failure.
    public var code: Code
    /// What was being done and why it failed, in words.
    public var message: String
    /// SQLite's extended result code, when the failure came from SQLite.
    public var sqliteCode: Int32?
    /// `sqlite3_errmsg` text for `sqliteCode`.
    public var sqliteMessage: String?
    /// The ledger file the operation concerned.
    public var path: String

    /// Creates an error; `sqliteCode`/`sqliteMessage` stay nil for failures detected by SeedFL itself.
    public init(_ code: Code, _ message: String, path: String,
                sqliteCode: Int32? = nil, sqliteMessage: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.sqliteCode = sqliteCode
        self.sqliteMessage = sqliteMessage
    }

    /// One line: file, code, message and, when present, SQLite's code and message.
    public var description: String {
        var text = "ledger \(path): \(code.rawValue): \(message)"
        if let sqliteCode {
            text += " (sqlite \(sqliteCode): \(sqliteMessage ?? "no message"))"
        }
        return text
    }
}
