import SeedFLCore
import SeedFLWire

/// Decides whether an AGGREGATE completes the open round, and if so builds the round the
/// ledger will hold. Pure: no sockets, no ledger, so every refusal reason is unit-testable.
public enum AggregateAcceptance {
    /// Why an AGGREGATE is refused: a subset of the one ``DropReason`` list (`wrongRun`,
    /// `partialAggregate`, `noOpenRound`, `stale`, `future`, `shape`, `wrongMode`,
    /// `valueCount`, `notParticipant`, `wrongNonce`, `belowQuorum`, `nonFinite`).
    public typealias Refusal = DropReason

    /// The round `aggregate` commits, or why it is refused.
    ///
    /// Accepts only a `final` aggregate of this run for exactly the open round, with the
    /// run's K, P and mode, `K*P` values (seed mode) or `dimension` values (dense mode, when
    /// `dimension > 0`), contributors a non-empty subset of the participants, at least as
    /// many contributors as the root aggregator's quorum requires, and values and base loss
    /// that are finite once rounded to `Float` (what the ledger stores).
    ///
    /// The committed round carries `sequence = latestSequence + 1`, the open round's seed,
    /// the run's K, P and learning rate, and `meanLoss = Float(baseLoss)`.
    /// `nonces`: the process nonces trainers announced; an aggregate vouching for a
    /// contribution no known process of its trainer sent is refused (`wrongNonce`).
    public static func commit(_ aggregate: Aggregate, open: OpenRound?, configuration: BrokerConfiguration,
                              latestSequence: UInt64, nonces: ProcessNonces = ProcessNonces()) -> Result<CommittedRound, Refusal> {
        let run = configuration.run
        guard aggregate.runID == run.seed else { return .failure(.wrongRun) }
        guard aggregate.kind == .final else { return .failure(.partialAggregate) }
        guard let open else { return .failure(.noOpenRound) }
        if aggregate.round < open.round { return .failure(.stale) }
        if aggregate.round > open.round { return .failure(.future) }
        guard Int(aggregate.k) == run.zo.steps, Int(aggregate.p) == run.zo.perturbations else {
            return .failure(.shape)
        }
        guard aggregate.mode == configuration.mode else { return .failure(.wrongMode) }
        switch aggregate.mode {
        case .seedScalars:
            guard aggregate.values.count == run.zo.steps * run.zo.perturbations else { return .failure(.valueCount) }
        case .denseDelta:
            let expected = configuration.dimension
            guard !aggregate.values.isEmpty, expected == 0 || aggregate.values.count == expected else {
                return .failure(.valueCount)
            }
        }
        guard !aggregate.contributors.isEmpty, isSortedSubset(aggregate.contributors, of: open.participants) else {
            return .failure(.notParticipant)
        }
        guard aggregate.nonces.count == aggregate.contributors.count,
              zip(aggregate.contributors, aggregate.nonces).allSatisfy({ nonces.accepts($0, nonce: $1) }) else {
            return .failure(.wrongNonce)
        }
        // The broker checks the quorum itself: an aggregate of fewer contributors than the
        // root's quorum asks for is not a round, whoever sent it.
        let quorum = configuration.deployment.root?.quorum ?? .all
        guard aggregate.contributors.count >= quorum.required(participants: open.participants.count) else {
            return .failure(.belowQuorum)
        }
        // Rounding to Float can overflow a finite Double to infinity; check after rounding.
        let values = aggregate.values.map { Float($0) }
        let loss = Float(aggregate.baseLoss)
        guard loss.isFinite, values.allSatisfy(\.isFinite) else { return .failure(.nonFinite) }
        let dense = aggregate.mode == .denseDelta
        return .success(CommittedRound(sequence: latestSequence + 1, round: open.round, seed: open.seed,
                                       steps: run.zo.steps, perturbations: run.zo.perturbations,
                                       learningRate: run.learningRate(sequence: latestSequence + 1),
                                       scalars: dense ? [] : values,
                                       contributors: aggregate.contributors, meanLoss: loss,
                                       dense: dense ? values : nil))
    }

    /// Whether every element of `ids` (strictly increasing) is in `participants` (strictly
    /// increasing): one merge pass, so no set is built for a hostile contributor list.
    static func isSortedSubset(_ ids: [UInt32], of participants: [UInt32]) -> Bool {
        var j = participants.startIndex
        for id in ids {
            while j < participants.endIndex && participants[j] < id { j += 1 }
            guard j < participants.endIndex, participants[j] == id else { return false }
            j += 1
        }
        return true
    }
}
