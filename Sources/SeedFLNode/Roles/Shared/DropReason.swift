/// Why a role refused a message or could not act on it: the one list for every role.
///
/// The raw value is the key in a status file's `drops` map (and in `seedfl up`'s summary), so
/// a refusal has one name whichever role counted it.
public enum DropReason: String, Sendable, CaseIterable, Error {
    // Framing and decoding (every role).
    /// A frame larger than the run's largest valid message (refused by the socket).
    case oversized
    /// A message with the wrong number of frames.
    case frameCount = "frame-count"
    /// A frame that does not decode as a message, or breaks a decode limit.
    case malformed
    /// A well-formed message of a type this socket never carries.
    case unexpectedType = "unexpected-type"
    /// The message belongs to another run.
    case wrongRun = "wrong-run"
    /// A brief broadcast frame (no run id) while the broker's heartbeats on that subscription
    /// have not (yet) named this run.
    case unboundBrief = "unbound-brief"

    // Rounds (aggregator, broker, trainer).
    /// For a round older than the current one.
    case stale
    /// For a round more than one ahead of the current one (or the early buffer is full):
    /// holding it would let a peer pin unbounded memory.
    case future
    /// For the current round, which is already closed or given up.
    case late
    /// The trainer (or one of a partial's contributors) was already counted this round.
    case duplicate
    /// The sender, or a listed contributor, is not a participant of the round (or the list
    /// is empty or unsorted).
    case notParticipant = "not-participant"
    /// An AGGREGATE vouching for a contribution whose process nonce is not one its trainer
    /// announced in a HELLO (a forged contribution the aggregator could not tell apart).
    case wrongNonce = "wrong-nonce"
    /// An AGGREGATE with fewer contributors than the root aggregator's quorum requires.
    case belowQuorum = "below-quorum"
    /// K, P or the value count does not match the round.
    case shape
    /// Wrong number of values for the mode (K*P, or d when d is known).
    case valueCount = "value-count"
    /// A value or the base loss is not finite, or overflows `Float`.
    case nonFinite = "non-finite"
    /// A contribution with a value beyond the run's `scalar_bound` (a Byzantine defence).
    case outOfBounds = "out-of-bounds"
    /// The contribution was computed on another model than the round's base sequence.
    case wrongBase = "wrong-base"
    /// A seed-scalar message in a dense round, or the reverse.
    case wrongMode = "wrong-mode"
    /// A final AGGREGATE sent to an aggregator, which only merges partial ones.
    case unexpectedKind = "unexpected-kind"
    /// An edge aggregator's partial sums reached the broker (it accepts only finals).
    case partialAggregate = "partial-aggregate"
    /// An AGGREGATE while no round is open (e.g. a second one for a committed round).
    case noOpenRound = "no-open-round"
    /// A ROUND_OPEN whose K, P or mode disagrees with the run configuration.
    case badRoundOpen = "bad-round-open"

    // Peers (broker).
    /// HELLO from a trainer id outside the run's `0..<clients`.
    case unknownTrainer = "unknown-trainer"
    /// A peer sent more control messages, or asked for more history, than its per-second
    /// budget allows (the broker's ``RequestBudget``).
    case rateLimited = "rate-limited"
    /// A subscription to anything but the whole broadcast (the broker keeps only that one).
    case subscription
    /// HEARTBEAT from a role or id the deployment does not have.
    case unknownSender = "unknown-sender"
    /// A reply could not be routed: the peer is gone.
    case unroutable
    /// A reply was not sent: the peer's queue is full.
    case replyQueueFull = "reply-queue-full"
    /// A reply was interrupted by a signal or the context ending.
    case replyInterrupted = "reply-interrupted"
    /// A reply failed for another reason.
    case replyFailed = "reply-failed"
    /// A request could not be sent: the socket would block.
    case sendBlocked = "send-blocked"

    // Identity (every server socket, when the topology has a `security:` section).
    /// A message without an authenticated sender on a socket that requires one.
    case unauthenticated
    /// The sender's key was removed from the allow-list (or bound to another identity)
    /// after its connection was admitted.
    case revokedKey = "revoked-key"
    /// The message claims another identity than its sender's key is bound to (a trainer id,
    /// an aggregator, a contributor list the sender cannot vouch for).
    case impersonation

    // Storage (broker).
    /// A round could not be appended to the ledger (the round stays open).
    case ledgerAppend = "ledger-append"
    /// History or a snapshot could not be read from the ledger.
    case ledgerRead = "ledger-read"
    /// A model snapshot could not be stored.
    case snapshotStore = "snapshot-store"

    // Replay (trainer, evaluator).
    /// A committed round that cannot be applied to this model.
    case unappliableCommit = "unappliable-commit"
    /// A commit that did not fit the trainer's replay backlog (asked for again as history).
    case replayBacklog = "replay-backlog"
    /// A snapshot piece nobody asked for.
    case unexpectedSnapshot = "unexpected-snapshot"
    /// A snapshot that does not check out (size, fingerprint, run); history is replayed instead.
    case snapshotRefused = "snapshot-refused"
    /// The broker stopped answering a snapshot download.
    case snapshotTimeout = "snapshot-timeout"
}
