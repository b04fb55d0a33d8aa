import SeedFLCore

/// Appending rounds and reading history.
extension Ledger {
    /// Commits `round` durably: one transaction, returning only after COMMIT.
    ///
    /// - Requires: `round.sequence == latestSequence + 1` (else `.sequenceGap`), `round.round >=
    ///   nextRound` (else `.roundNotIncreasing`) and `RoundValidation`'s invariants (else
    ///   `.invalidRecord`). A refused round changes nothing, in the file or in the counters.
    public func append(_ round: CommittedRound) throws {
        _ = try writableConnection()
        guard round.sequence == latestSequence &+ 1 else {
            throw LedgerError(.sequenceGap,
                              "round has sequence \(round.sequence), the next sequence is \(latestSequence + 1)",
                              path: path)
        }
        guard round.round >= nextRound else {
            throw LedgerError(.roundNotIncreasing,
                              "round number \(round.round) is not above every committed or aborted round (next is \(nextRound))",
                              path: path)
        }
        if let problem = RoundValidation.problem(in: round) {
            throw LedgerError(.invalidRecord, "sequence \(round.sequence): \(problem)", path: path)
        }
        try write { connection in
            try connection.withStatement(RoundRowCodec.insertSQL) { statement in
                try RoundRowCodec.bind(round, to: statement)
                try statement.run()
            }
        }
        latestSequence = round.sequence
        nextRound = round.round + 1
    }

    /// Records durably that round number `round` was aborted, so it is never used again.
    ///
    /// - Requires: `round >= nextRound` and `round <= Int64.max` (else `.roundNotIncreasing` /
    ///   `.invalidArgument`). A refused abort changes nothing.
    public func recordAbort(round: UInt64, reason: String) throws {
        _ = try writableConnection()
        guard round <= UInt64(Int64.max) else {
            throw LedgerError(.invalidArgument, "round number \(round) exceeds Int64.max", path: path)
        }
        guard round >= nextRound else {
            throw LedgerError(.roundNotIncreasing,
                              "aborted round \(round) is not above every committed or aborted round (next is \(nextRound))",
                              path: path)
        }
        try write { connection in
            try connection.withStatement("INSERT INTO aborts (round, reason) VALUES (?, ?)") { statement in
                try statement.bind(1, Int64(round))
                try statement.bind(2, reason)
                try statement.run()
            }
        }
        nextRound = round + 1
    }

    /// Up to `limit` committed rounds with sequence numbers greater than `sequence`, in order.
    ///
    /// This is how history is served: a trainer that applied everything up to `s` asks for
    /// `rounds(after: s, limit: chunk)` until it gets fewer than `chunk` records.
    /// - Throws: `.invalidArgument` for a negative limit; `.corruptRecord` for an invalid row.
    public func rounds(after sequence: UInt64, limit: Int) throws -> [CommittedRound] {
        guard limit >= 0 else { throw LedgerError(.invalidArgument, "negative limit \(limit)", path: path) }
        guard limit > 0, let after = Int64(exactly: sequence) else { return [] }
        return try connection.withStatement(
            "SELECT \(LedgerSchema.roundColumns) FROM rounds WHERE sequence > ? ORDER BY sequence LIMIT ?"
        ) { statement in
            try statement.bind(1, after)
            try statement.bind(2, Int64(limit))
            var result: [CommittedRound] = []
            result.reserveCapacity(min(limit, 1_024))
            while try statement.step() {
                result.append(try RoundRowCodec.decode(statement, path: path))
            }
            return result
        }
    }

    /// The committed round with this sequence number, or nil when there is none.
    public func round(sequence: UInt64) throws -> CommittedRound? {
        guard let key = Int64(exactly: sequence) else { return nil }
        return try connection.withStatement(
            "SELECT \(LedgerSchema.roundColumns) FROM rounds WHERE sequence = ?"
        ) { statement in
            try statement.bind(1, key)
            return try statement.step() ? try RoundRowCodec.decode(statement, path: path) : nil
        }
    }

    /// Every aborted round, in increasing round order.
    public func abortedRounds() throws -> [AbortedRound] {
        try connection.withStatement("SELECT round, reason FROM aborts ORDER BY round") { statement in
            var result: [AbortedRound] = []
            while try statement.step() {
                let round = statement.int64(0)
                guard statement.type(0) == .integer, round >= 1, let reason = statement.text(1) else {
                    throw LedgerError(.corruptRecord, "aborts row for round \(round) is malformed", path: path)
                }
                result.append(AbortedRound(round: UInt64(round), reason: reason))
            }
            return result
        }
    }
}
