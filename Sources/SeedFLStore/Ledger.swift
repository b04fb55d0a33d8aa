import SeedFLCore

/// The broker's durable ledger of committed (and aborted) rounds, in one SQLite file.
///
/// **Durability.** The file runs in WAL mode with `synchronous=FULL`: every write method runs
/// one transaction and returns only after its COMMIT, i.e. after the WAL has been fsync'ed. A
/// broker publishes a round only after `append` returned, so no trainer ever sees a round that
/// a crash (SIGKILL or power loss) could take back. A process killed mid-commit leaves either
/// the whole transaction or none of it; reopening resumes at `latestSequence + 1`.
///
/// **Ownership.** `Ledger` is deliberately not `Sendable`: it wraps a SQLite connection opened
/// without SQLite's internal mutex, and its cached counters assume a single caller. It is owned
/// by one thread (the broker's loop) or one actor; create it there and keep it there.
///
/// **One writer, many readers.** A writer takes an exclusive lock file (`<path>-writer.lock`),
/// so a second writer process fails fast with `.writerLocked`. Any number of read-only
/// ledgers (`init(readOnlyAt:)`, for `seedfl ledger show|export` and `seedfl verify`) may run in
/// other processes while the broker writes: WAL readers see the last committed state and never
/// block the writer.
public final class Ledger {
    /// The ledger file.
    public let path: String
    /// The run this ledger belongs to (stored in the file's `meta` table).
    public let run: RunIdentity
    /// True for a ledger opened with `init(readOnlyAt:)`; every write method then throws `.readOnly`.
    public let isReadOnly: Bool

    /// Sequence number of the last committed round; 0 when the ledger is empty.
    ///
    /// Exact for a writer (it is the only writer). A read-only ledger reports the state at open
    /// or at the last `refresh()`.
    public internal(set) var latestSequence: UInt64
    /// The smallest round number the broker may still use: one past the highest round number
    /// ever committed or aborted, and 1 for an empty ledger (round numbers start at 1, like
    /// sequence numbers, so 0 never names a round). Aborted rounds count, so a restarted broker
    /// never reuses a round number.
    public internal(set) var nextRound: UInt64

    var connection: SQLiteConnection
    private var writerLock: WriterLock?

    /// Default time a statement waits for a lock held by another connection before failing with
    /// `SQLITE_BUSY`. In WAL mode readers never block the writer; what can hold a lock briefly is
    /// another process's WAL recovery or checkpoint, which takes milliseconds. Five seconds
    /// bounds the broker's stall while leaving ample margin on a loaded machine.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 5_000

    /// Opens the ledger at `path` for writing, creating it (and its schema) when missing.
    ///
    /// With `replaySettings`, a ledger without stored settings is stamped with them and a
    /// ledger with other settings is refused (`.runMismatch`).
    ///
    /// - Throws: `.runMismatch` when the file belongs to another run (the message names both
    ///   identities), `.writerLocked` when another process has it open for writing,
    ///   `.notALedger` / `.unsupportedSchema` for a foreign or newer file, `.cannotOpen` or
    ///   `.sqlite` for I/O problems.
    public init(path: String, run: RunIdentity, replaySettings: String? = nil,
                busyTimeoutMilliseconds: Int32 = Ledger.defaultBusyTimeoutMilliseconds) throws {
        let lock = try WriterLock(ledgerPath: path)
        let connection = try SQLiteConnection(path: path, readOnly: false, create: true,
                                              busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try Ledger.configureForWriting(connection)
        let stored = try connection.writeTransaction { () -> RunIdentity in
            switch try Ledger.schemaVersion(connection) {
            case nil:
                try connection.execute(LedgerSchema.create)
                try Ledger.writeMeta(connection, version: LedgerSchema.version, run: run)
                return run
            case LedgerSchema.version:
                return try Ledger.readRunIdentity(connection)
            case let other?:
                throw LedgerError(.unsupportedSchema,
                                  "schema version \(other); this build reads version \(LedgerSchema.version)",
                                  path: path)
            }
        }
        guard stored == run else {
            throw LedgerError(.runMismatch, "the ledger belongs to \(stored), this process is \(run)", path: path)
        }
        self.path = path
        self.run = stored
        self.isReadOnly = false
        self.connection = connection
        self.writerLock = lock
        (latestSequence, nextRound) = try Ledger.counters(connection)
        if let replaySettings { try stampReplaySettings(replaySettings) }
    }

    /// Opens an existing ledger read-only (never creates or modifies the file).
    ///
    /// Safe while the broker writes the same file from another process. When `expecting` is
    /// given, a ledger of another run is refused with `.runMismatch`.
    public init(readOnlyAt path: String, expecting expected: RunIdentity? = nil,
                busyTimeoutMilliseconds: Int32 = Ledger.defaultBusyTimeoutMilliseconds) throws {
        let connection = try SQLiteConnection(path: path, readOnly: true, create: false,
                                              busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let stored = try connection.readTransaction { () -> RunIdentity in
            switch try Ledger.schemaVersion(connection) {
            case nil:
                throw LedgerError(.notALedger, "no SeedFL ledger schema in this file", path: path)
            case LedgerSchema.version:
                return try Ledger.readRunIdentity(connection)
            case let other?:
                throw LedgerError(.unsupportedSchema,
                                  "schema version \(other); this build reads version \(LedgerSchema.version)",
                                  path: path)
            }
        }
        if let expected, expected != stored {
            throw LedgerError(.runMismatch, "the ledger belongs to \(stored), expected \(expected)", path: path)
        }
        self.path = path
        self.run = stored
        self.isReadOnly = true
        self.connection = connection
        (latestSequence, nextRound) = try Ledger.counters(connection)
    }

    deinit { close() }

    /// Closes the connection and releases the writer lock. Idempotent; every later call throws
    /// `.closed`. Everything already returned by a write method is on disk whether or not
    /// `close()` runs, so a broker that dies without closing loses nothing.
    public func close() {
        connection.close()
        writerLock?.release()
        writerLock = nil
    }

    /// Re-reads `latestSequence` and `nextRound` from the file (for read-only ledgers following
    /// a live writer; a writer's counters are always current).
    public func refresh() throws {
        (latestSequence, nextRound) = try Ledger.counters(connection)
    }

    /// The connection, when it may write.
    func writableConnection() throws -> SQLiteConnection {
        guard !isReadOnly else { throw LedgerError(.readOnly, "the ledger was opened read-only", path: path) }
        guard connection.isOpen else { throw LedgerError(.closed, "the ledger is closed", path: path) }
        return connection
    }

    /// Runs a write transaction; if it fails, re-reads the counters so they match the file
    /// (after a failed COMMIT only the file knows whether the transaction landed).
    func write<R>(_ body: (SQLiteConnection) throws -> R) throws -> R {
        let connection = try writableConnection()
        do {
            return try connection.writeTransaction { try body(connection) }
        } catch {
            if let counters = try? Ledger.counters(connection) { (latestSequence, nextRound) = counters }
            throw error
        }
    }
}

/// `Ledger` must not cross threads (see its documentation); this makes the compiler say so
/// instead of merely inferring it.
@available(*, unavailable)
extension Ledger: Sendable {}
