/// Export of the committed history as JSON lines (for `seedfl ledger export`).
extension Ledger {
    /// Calls `write` once per committed round with sequence greater than `sequence`, in order,
    /// with that round's `RoundJSON.line` followed by a newline.
    ///
    /// All lines come from one read snapshot, so an export taken while the broker writes is a
    /// consistent prefix of the ledger. Rounds are read `batchSize` at a time so memory stays
    /// bounded for rounds carrying dense deltas; 256 keeps each batch small for seed rounds.
    /// - Returns: the number of rounds written.
    @discardableResult
    public func exportJSONLines(after sequence: UInt64 = 0, batchSize: Int = 256,
                                to write: (String) throws -> Void) throws -> Int {
        guard batchSize >= 1 else {
            throw LedgerError(.invalidArgument, "batch size \(batchSize) must be at least 1", path: path)
        }
        return try connection.readTransaction {
            var after = sequence
            var written = 0
            while true {
                let batch = try rounds(after: after, limit: batchSize)
                for round in batch { try write(RoundJSON.line(for: round) + "\n") }
                written += batch.count
                guard let last = batch.last, batch.count == batchSize else { break }
                after = last.sequence
            }
            return written
        }
    }
}
