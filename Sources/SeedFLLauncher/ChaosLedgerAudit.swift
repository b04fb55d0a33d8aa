import SeedFLCore
import SeedFLStore
import SeedFLNode

/// The "exactly once" checks of a chaos run, made on the ledger file itself (read-only),
/// not on what any role says about it.
public struct ChaosLedgerAudit: Sendable, Hashable {
    /// Rows in the ledger.
    public var roundsCommitted: Int
    /// Aborted rounds recorded.
    public var roundsAborted: Int
    /// Highest sequence number stored.
    public var latestSequence: UInt64
    /// Sequence numbers stored more than once (extra copies counted).
    public var duplicateSequenceNumbers: Int
    /// Sequence numbers missing from `1...latestSequence`.
    public var sequenceGaps: Int
    /// Round numbers committed more than once, or both committed and aborted.
    public var duplicateRoundNumbers: Int
    /// Rounds whose seed is not `RoundPlan.seed(run seed, round)`, whose contributors are not
    /// trainer ids of the run (strictly increasing), whose K, P or learning rate differ from
    /// the run's, or whose scalars or loss are not finite.
    public var invalidRounds: [String]
    /// `Ledger.checkIntegrity()`: "ok" or the first problem it reports.
    public var integrity: String

    /// Reads the whole ledger at `path` (in pages) and checks it against `run`.
    public static func audit(ledgerPath path: String, run: RunConfig, pageSize: Int = 512) throws -> ChaosLedgerAudit {
        let ledger = try Ledger(readOnlyAt: path)
        defer { ledger.close() }
        var integrity = "ok"
        do { try ledger.checkIntegrity() } catch { integrity = "\(error)" }

        var count = 0, duplicates = 0, previous: UInt64 = 0, highest: UInt64 = 0
        var seenRounds = Set<UInt64>()
        var duplicateRounds = 0
        var invalid: [String] = []
        var after: UInt64 = 0
        while true {
            let page = try ledger.rounds(after: after, limit: pageSize)
            guard let last = page.last else { break }
            for round in page {
                count += 1
                // Pages are read strictly after the last sequence seen, so a repeated sequence
                // shows up as a row not above its predecessor within a page.
                if round.sequence <= previous { duplicates += 1 }
                previous = round.sequence
                highest = max(highest, round.sequence)
                if !seenRounds.insert(round.round).inserted { duplicateRounds += 1 }
                if let problem = problem(in: round, run: run) {
                    invalid.append("sequence \(round.sequence) (round \(round.round)): \(problem)")
                }
            }
            after = last.sequence
        }
        let aborted = try ledger.abortedRounds()
        duplicateRounds += aborted.filter { seenRounds.contains($0.round) }.count
        // Distinct sequences present = count - duplicates; all of 1...highest should be there.
        let gaps = Int(highest) - (count - duplicates)
        return ChaosLedgerAudit(roundsCommitted: count, roundsAborted: aborted.count, latestSequence: highest,
                                duplicateSequenceNumbers: duplicates, sequenceGaps: max(0, gaps),
                                duplicateRoundNumbers: duplicateRounds, invalidRounds: invalid,
                                integrity: integrity)
    }

    /// Why `round` cannot be a round this run committed, or nil.
    static func problem(in round: CommittedRound, run: RunConfig) -> String? {
        if round.seed != RoundPlan.seed(runSeed: run.seed, round: round.round, pool: run.zo.optimizer.seedPool) {
            return "seed \(round.seed) is not the plan's seed for its round"
        }
        if round.contributors.isEmpty { return "no contributors" }
        if zip(round.contributors, round.contributors.dropFirst()).contains(where: { $0 >= $1 }) {
            return "contributors \(round.contributors) not strictly increasing"
        }
        if let outsider = round.contributors.first(where: { Int($0) >= run.clients }) {
            return "contributor \(outsider) is not a trainer of the run (clients \(run.clients))"
        }
        if round.steps != run.zo.steps || round.perturbations != run.zo.perturbations {
            return "K x P = \(round.steps) x \(round.perturbations), the run uses \(run.zo.steps) x \(run.zo.perturbations)"
        }
        if round.learningRate.bitPattern != run.zo.learningRate.bitPattern {
            return "learning rate \(round.learningRate), the run uses \(run.zo.learningRate)"
        }
        if !round.scalars.allSatisfy(\.isFinite) || !(round.dense ?? []).allSatisfy(\.isFinite) {
            return "non-finite update"
        }
        if !round.meanLoss.isFinite { return "non-finite mean loss" }
        return nil
    }
}
