import Foundation

/// The ledger's footprint on disk, for `seedfl_ledger_size_bytes`: the SQLite database plus
/// its write-ahead log (committed rounds live in the log until a checkpoint moves them into
/// the database, so the database alone under-reports what a full disk is running out of).
enum LedgerFiles {
    /// Bytes of `ledgerPath` and `ledgerPath-wal` (0 for a file that does not exist).
    static func bytes(ledgerPath: String) -> Int64 {
        [ledgerPath, ledgerPath + "-wal"].reduce(0) { total, path in
            var info = stat()
            return stat(path, &info) == 0 ? total + Int64(info.st_size) : total
        }
    }
}
