import SeedFLCore
import SeedFLWire

/// One round as an aggregator sees it, from ROUND_OPEN until it is closed (aggregate
/// sent) or given up. Pure state: no sockets, so admission is testable on its own.
struct CollectingRound {
    /// The broker's announcement.
    let open: RoundOpen
    /// The participants this aggregator answers for (its subtree's share of the round).
    let expected: Set<UInt32>
    /// Contributors needed before the round closes (0 when nothing is expected here).
    let required: Int
    /// Values per contribution: K*P, or d in dense mode (0: fixed by the first input).
    private(set) var width: Int
    private(set) var inputs: [RoundInput] = []
    /// Trainers already counted, directly or inside a partial.
    private(set) var counted: Set<UInt32> = []
    /// The process nonce each counted trainer's contribution carried (forwarded in the
    /// AGGREGATE, for the broker to check).
    private(set) var nonces: [UInt32: UInt64] = [:]
    /// Closed (aggregate sent) or given up: everything later for this round is late.
    var finished: Bool

    init(open: RoundOpen, configuration: AggregatorConfiguration) {
        self.open = open
        expected = Set(open.participants.filter { configuration.answers(forTrainer: $0) })
        required = expected.isEmpty ? 0 : max(1, configuration.me.quorum.required(participants: expected.count))
        width = open.mode == .seedScalars ? Int(open.k) * Int(open.p) : configuration.dimension
        // Nothing to collect here: an edge none of whose trainers was sampled stays quiet.
        finished = expected.isEmpty
    }

    var round: UInt64 { open.round }
    var quorumReached: Bool { required > 0 && counted.count >= required }

    /// Accepts `input` (whose run, round, mode and base were already checked) with the process
    /// nonces of its contributors (in `input.contributors` order), or says why not.
    mutating func admit(_ input: RoundInput, nonces: [UInt64]) -> DropReason? {
        let ids = input.contributors
        // Participants first: for an edge none of whose trainers was sampled, a stray
        // contribution is not "late", it was never expected here.
        if !ids.allSatisfy(expected.contains) { return .notParticipant }
        if finished { return .late }
        if ids.contains(where: counted.contains) { return .duplicate }
        if width == 0 { width = input.width }
        guard input.width == width, width > 0 else { return .shape }
        inputs.append(input)
        counted.formUnion(ids)
        for (id, nonce) in zip(ids, nonces) { self.nonces[id] = nonce }
        return nil
    }

    /// The AGGREGATE to send now that the quorum is reached (`screen`: see
    /// ``RoundCombiner/aggregate(_:width:rule:kind:round:nonces:screen:)``).
    func aggregate(rule: AggregationRule, kind: AggregateKind, screen: AgreementScreen? = nil) -> Aggregate {
        RoundCombiner.aggregate(inputs, width: width, rule: rule, kind: kind, round: open, nonces: nonces, screen: screen)
    }

    /// The trainers' own contributions, in trainer-id order: what the agreement screen scores.
    var singles: [(trainer: UInt32, values: [Float])] {
        RoundCombiner.singleValues(inputs).sorted { $0.trainer < $1.trainer }
    }
}
