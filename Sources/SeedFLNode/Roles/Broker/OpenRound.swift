/// The round the broker has opened and not yet committed or aborted.
public struct OpenRound: Sendable, Equatable {
    /// The round number (`ledger.nextRound` when it opened).
    public var round: UInt64
    /// The round seed, `RoundPlan.seed(runSeed:round:)`.
    public var seed: UInt64
    /// The sampled trainers, strictly increasing.
    public var participants: [UInt32]
    /// `ledger.latestSequence` when it opened: the model state trainers must be at.
    public var baseSequence: UInt64
    /// When the broker gives up on the round (monotonic clock).
    public var deadline: ContinuousClock.Instant
    /// When it opened (monotonic clock): the start of its `seedfl_round_duration_seconds`.
    public var opened: ContinuousClock.Instant

    /// Creates the record of an open round from its parts.
    public init(round: UInt64, seed: UInt64, participants: [UInt32], baseSequence: UInt64,
                deadline: ContinuousClock.Instant, opened: ContinuousClock.Instant = .now) {
        self.opened = opened
        self.round = round
        self.seed = seed
        self.participants = participants
        self.baseSequence = baseSequence
        self.deadline = deadline
    }
}
