import SeedFLCore
import SeedFLStore
import SeedFLWire

/// Builds the HISTORY_CHUNKs that answer one HISTORY_REQUEST (the Clone pattern's
/// "snapshot" side): every committed round after the requested sequence, oldest first,
/// cut into chunks, the last one flagged `isLast`.
enum HistoryReplay {
    /// The chunks answering a request for the rounds after `after`, at most `recordLimit`
    /// records and `maxFrameBytes` bytes each (so that dense records, which are d floats
    /// long, never make a chunk the trainer's socket would refuse). At least one chunk is
    /// returned: an empty one with `isLast` when nothing is newer.
    ///
    /// At most `totalLimit` records are sent in all; the chunk that reaches it is flagged
    /// `isLast` and, like every chunk, carries the latest sequence, so the requester knows
    /// to ask again. Reads the ledger one chunk at a time, so memory stays bounded by one
    /// chunk. `send` returns false to stop early (the peer vanished or its queue is full).
    static func replay(ledger: Ledger, runID: UInt64, after: UInt64, recordLimit: Int, totalLimit: Int = .max,
                       maxFrameBytes: Int, send: (HistoryChunk) -> Bool) throws {
        let latest = ledger.latestSequence
        var cursor = after
        var remaining = max(1, totalLimit)
        while true {
            let rounds = try ledger.rounds(after: cursor, limit: max(1, min(recordLimit, remaining)))
            var records: [HistoryRecord] = []
            var size = HistoryChunk.fixedSize
            for round in rounds where round.sequence <= latest {
                let record = Self.record(runID: runID, round)
                // Always take at least one record, or a record larger than the budget would
                // stall the replay for ever; the trainer's limits are sized for one record.
                if !records.isEmpty && size + record.encodedSize > maxFrameBytes { break }
                size += record.encodedSize
                records.append(record)
            }
            cursor = records.last?.sequence ?? cursor
            remaining -= records.count
            let isLast = cursor >= latest || records.isEmpty || remaining <= 0
            guard send(HistoryChunk(runID: runID, latestSequence: latest, isLast: isLast, records: records)) else { return }
            if isLast { return }
        }
    }

    /// A committed round as a history record: the same record ROUND_COMMIT or DENSE_COMMIT
    /// carries on PUB (built by ``WireMapping/commit(runID:_:)``).
    static func record(runID: UInt64, _ round: CommittedRound) -> HistoryRecord {
        switch WireMapping.commit(runID: runID, round) {
        case .denseCommit(let dense): .dense(dense)
        case .roundCommit(let commit): .commit(commit)
        default:
            // WireMapping.commit only builds the two commit kinds; map anything else
            // through the seed form so this stays total without trapping.
            .commit(RoundCommit(sequence: round.sequence, runID: runID, round: round.round, seed: round.seed,
                                k: UInt16(clamping: round.steps), p: UInt16(clamping: round.perturbations),
                                learningRate: round.learningRate, scalars: round.scalars,
                                contributors: round.contributors, meanBaseLoss: round.meanLoss))
        }
    }
}
