/// Why an aggregator refused a message. The raw value is the key in the status file's
/// `drops` map, so a run's summary names each refusal the same way in every topology.
public enum AggregatorDropReason: String, Sendable, CaseIterable {
    /// The message belongs to another run.
    case wrongRun = "wrong-run"
    /// The message is for a round older than the current one.
    case stale
    /// The message is for a round more than one ahead of the current one (or the early
    /// buffer is full): holding it would let a peer pin unbounded memory.
    case future
    /// The message is for the current round, which is already closed or given up.
    case late
    /// The trainer (or one of a partial's contributors) was already counted this round.
    case duplicate
    /// The sender is not a participant of the round this aggregator answers for.
    case notParticipant = "not-participant"
    /// K, P or the value count does not match the round.
    case shape
    /// The contribution was computed on another model than the round's base sequence.
    case wrongBase = "wrong-base"
    /// A seed-scalar message in a dense round, or the reverse.
    case wrongMode = "wrong-mode"
    /// A final AGGREGATE sent to an aggregator, which only merges partial ones.
    case unexpectedKind = "unexpected-kind"
    /// A partial AGGREGATE while the aggregation rule cannot merge partial results.
    case notComposable = "not-composable"
    /// A well-formed message of a type this socket never carries.
    case unexpectedType = "unexpected-type"
    /// A ROUND_OPEN whose K, P or mode disagrees with the run configuration.
    case badRoundOpen = "bad-round-open"
    /// A frame larger than the run's largest valid message (refused by the socket).
    case oversized
}
