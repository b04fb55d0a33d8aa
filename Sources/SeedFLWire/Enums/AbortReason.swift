/// Why a round was aborted (ROUND_ABORT). Raw value 0 is reserved so zeroed bytes are refused.
public enum AbortReason: UInt8, Sendable, CaseIterable {
    /// Fewer contributions than the quorum arrived.
    case quorumMissed = 1
    /// The round's deadline passed before the aggregate reached the broker.
    case deadline = 2
    /// The aggregator serving the round stopped answering.
    case aggregatorLost = 3
    /// An operator aborted the round by hand (named `operatorRequest` because `operator`
    /// is a Swift keyword).
    case operatorRequest = 4
}
