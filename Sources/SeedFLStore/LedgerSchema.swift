/// The ledger's on-disk schema, version 1.
///
/// Choices and why:
/// * `STRICT` tables (SQLite >= 3.37): a value of the wrong type is refused on write instead of
///   being silently stored, so a row's columns are what the decoder expects.
/// * Floats are stored as their IEEE-754 bits (`INTEGER` for one float, little-endian float32
///   `BLOB` for arrays), never as `REAL`: replaying the ledger must rebuild the model bit for
///   bit, and bits survive every tool that copies the file.
/// * `UInt64` values (seeds) are stored as `Int64(bitPattern:)`; round and sequence numbers are
///   kept below `Int64.max` so their SQL ordering is their numeric ordering.
/// * Triggers re-check the append-only invariants inside SQLite (contiguous sequences, round
///   numbers increasing across commits and aborts, no UPDATE or DELETE of history), so even a
///   write that bypasses `Ledger` cannot create a gap or rewrite a committed round. `Ledger`
///   checks the same things first to give typed errors; the triggers are the backstop.
enum LedgerSchema {
    /// The version this code writes and reads. A ledger with a higher version is refused.
    static let version: Int64 = 1

    static let create = """
    CREATE TABLE schema_version (
        version INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE rounds (
        sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
        round INTEGER NOT NULL UNIQUE CHECK (round >= 1),
        seed INTEGER NOT NULL,
        steps INTEGER NOT NULL CHECK (steps >= 0),
        perturbations INTEGER NOT NULL CHECK (perturbations >= 0),
        learning_rate_bits INTEGER NOT NULL,
        scalars BLOB NOT NULL,
        contributors BLOB NOT NULL,
        mean_loss_bits INTEGER NOT NULL,
        dense BLOB
    ) STRICT;

    CREATE TABLE aborts (
        round INTEGER PRIMARY KEY CHECK (round >= 1),
        reason TEXT NOT NULL
    ) STRICT;

    CREATE TABLE snapshots (
        sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
        fingerprint TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        chunk_size INTEGER NOT NULL CHECK (chunk_size >= 1)
    ) STRICT;

    CREATE TABLE snapshot_chunks (
        sequence INTEGER NOT NULL,
        chunk INTEGER NOT NULL CHECK (chunk >= 0),
        data BLOB NOT NULL,
        UNIQUE (sequence, chunk)
    ) STRICT;

    CREATE TRIGGER rounds_append_only BEFORE INSERT ON rounds
    WHEN NEW.sequence <> (SELECT IFNULL(MAX(sequence), 0) + 1 FROM rounds)
      OR NEW.round <= (SELECT IFNULL(MAX(round), 0) FROM rounds)
      OR NEW.round <= (SELECT IFNULL(MAX(round), 0) FROM aborts)
    BEGIN
        SELECT RAISE(ABORT, 'rounds must have the next sequence number and a new, higher round number');
    END;

    CREATE TRIGGER aborts_append_only BEFORE INSERT ON aborts
    WHEN NEW.round <= (SELECT IFNULL(MAX(round), 0) FROM rounds)
      OR NEW.round <= (SELECT IFNULL(MAX(round), 0) FROM aborts)
    BEGIN
        SELECT RAISE(ABORT, 'an aborted round must have a new, higher round number');
    END;

    CREATE TRIGGER rounds_no_update BEFORE UPDATE ON rounds
    BEGIN SELECT RAISE(ABORT, 'committed rounds are immutable'); END;
    CREATE TRIGGER rounds_no_delete BEFORE DELETE ON rounds
    BEGIN SELECT RAISE(ABORT, 'committed rounds are immutable'); END;
    CREATE TRIGGER aborts_no_update BEFORE UPDATE ON aborts
    BEGIN SELECT RAISE(ABORT, 'aborted rounds are immutable'); END;
    CREATE TRIGGER aborts_no_delete BEFORE DELETE ON aborts
    BEGIN SELECT RAISE(ABORT, 'aborted rounds are immutable'); END;
    """

    /// `meta` keys.
    static let runIDKey = "run_id"
    static let configFingerprintKey = "config_fingerprint"
    /// Canonical JSON of everything a replay needs besides the rounds (see `Ledger.replaySettings`).
    static let replaySettingsKey = "replay_settings"

    /// Column list shared by every query that decodes a `CommittedRound` (see `RoundRowCodec`).
    static let roundColumns =
        "sequence, round, seed, steps, perturbations, learning_rate_bits, scalars, contributors, mean_loss_bits, dense"
}
