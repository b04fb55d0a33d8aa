/// Bytes a role's sockets sent and received (counted at the sockets, framing included).
public struct WireBytes: Codable, Sendable, Hashable {
    /// Bytes sent.
    public var sent: Int
    /// Bytes received.
    public var received: Int

    /// Counters with the given values (zero by default).
    public init(sent: Int = 0, received: Int = 0) {
        self.sent = sent
        self.received = received
    }
}

/// One `status/<role>.json` file as the roles write it (see the shared contracts).
///
/// Every role-specific field is optional: one type reads every role's file, and a file
/// missing a field (an older or partial writer) is still usable for what it does say.
public struct RoleStatus: Codable, Sendable, Hashable {
    /// `broker`, `aggregator-<name>`, `trainer-<id>` or `forwarder`.
    public var role: String
    /// The role's process id.
    public var pid: Int?
    /// Broker: the target number of rounds is committed. Other roles may set it at exit.
    public var done: Bool?
    /// Dropped messages by reason.
    public var drops: [String: Int]?
    /// Bytes the role's sockets sent and received.
    public var wireBytes: WireBytes?

    /// Broker: rounds in the ledger.
    public var roundsCommitted: Int?
    /// Broker: rounds aborted at their deadline.
    public var roundsAborted: Int?
    /// Broker: sequence number of the last committed round.
    public var latestSequence: UInt64?

    /// Aggregator: rounds it closed and forwarded.
    public var roundsClosed: Int?
    /// Aggregator: contributions it counted.
    public var contributionsAccepted: Int?

    /// Trainer: its id.
    public var id: Int?
    /// Trainer: sequence number of the last round it applied.
    public var appliedSequence: UInt64?
    /// `ReplayState.fingerprint` at ``appliedSequence``.
    public var fingerprint: String?
    /// Trainer: rounds it sent a contribution for.
    public var roundsContributed: Int?
    /// CONTRIBUTION bytes this trainer sent.
    public var contributionBytes: Int?
    /// Trainer: bytes of round-protocol frames received on the broadcast (no heartbeats).
    public var roundBytesReceived: Int?
    /// Trainer: time spent replaying history to catch up.
    public var catchUpSeconds: Double?

    /// Evaluator: the last sequence it scored.
    public var evaluatedSequence: UInt64?
    /// Evaluator: validation accuracy at ``evaluatedSequence``.
    public var validationAccuracy: Double?

    /// A status with only the role name set.
    public init(role: String) { self.role = role }

    enum CodingKeys: String, CodingKey {
        case role, pid, done, drops
        case wireBytes = "wire_bytes"
        case roundsCommitted = "rounds_committed", roundsAborted = "rounds_aborted"
        case latestSequence = "latest_sequence"
        case roundsClosed = "rounds_closed", contributionsAccepted = "contributions_accepted"
        case id, appliedSequence = "applied_sequence", fingerprint
        case roundsContributed = "rounds_contributed", contributionBytes = "contribution_bytes"
        case catchUpSeconds = "catch_up_seconds", roundBytesReceived = "round_bytes_received"
        case evaluatedSequence = "evaluated_sequence", validationAccuracy = "validation_accuracy"
    }
}
