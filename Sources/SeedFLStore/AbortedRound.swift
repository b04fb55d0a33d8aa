/// A round the broker opened and gave up on (e.g. quorum not reached by the deadline).
///
/// It changes no model; it is recorded only so that its round number is never used again.
public struct AbortedRound: Equatable, Hashable, Sendable {
    /// The round number on the broker's clock.
    public var round: UInt64
    /// Why the round was aborted, in words (for operators).
    public var reason: String

    /// Creates a record of an aborted round.
    public init(round: UInt64, reason: String) {
        self.round = round
        self.reason = reason
    }
}
