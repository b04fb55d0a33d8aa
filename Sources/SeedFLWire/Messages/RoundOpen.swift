/// ROUND_OPEN (broker PUB): starts a round: who participates, with which seed and shape.
///
/// Layout (53 + 4n bytes): header, `runID` u64 @4, `round` u64 @12, `seed` u64 @20,
/// `deadlineUnixMilliseconds` u64 @28, `baseSequence` u64 @36, `k` u16 @44, `p` u16 @46,
/// `mode` u8 @48, participant count n u32 @49, participant ids u32[n] @53.
public struct RoundOpen: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The round being opened.
    public var round: UInt64
    /// The round seed from which every perturbation of the round is regenerated.
    public var seed: UInt64
    /// Local steps per trainer (>= 1).
    public var k: UInt16
    /// Perturbations per local step (>= 1).
    public var p: UInt16
    /// The sampled trainers: non-empty, strictly increasing ids.
    public var participants: [UInt32]
    /// When the aggregator stops waiting, in milliseconds since the Unix epoch.
    public var deadlineUnixMilliseconds: UInt64
    /// The ledger sequence number the round's model is at (0: nothing committed yet). A
    /// trainer contributes only if its applied sequence equals it, so every contribution of
    /// the round is computed on the same model.
    public var baseSequence: UInt64
    /// Whether trainers answer with seed scalars or dense deltas.
    public var mode: AlgorithmMode

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, round: UInt64, seed: UInt64, k: UInt16, p: UInt16,
                participants: [UInt32], deadlineUnixMilliseconds: UInt64, baseSequence: UInt64,
                mode: AlgorithmMode) {
        self.runID = runID
        self.round = round
        self.seed = seed
        self.k = k
        self.p = p
        self.participants = participants
        self.deadlineUnixMilliseconds = deadlineUnixMilliseconds
        self.baseSequence = baseSequence
        self.mode = mode
    }

    /// The size of a ROUND_OPEN frame listing `participantCount` trainers (saturating).
    public static func encodedSize(participantCount: Int) -> Int {
        Saturating.size(WireFormat.headerSize + 49, (participantCount, 4))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int { Self.encodedSize(participantCount: participants.count) }

    /// Checks K, P >= 1 and that the participants are a non-empty, strictly increasing list
    /// within `limits.maxParticipants`.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.atLeastOne(k, field: "RoundOpen.k")
        try Validate.atLeastOne(p, field: "RoundOpen.p")
        try Validate.count(participants.count, field: "RoundOpen.participants", limit: limits.maxParticipants)
        try Validate.strictlyIncreasing(participants, field: "RoundOpen.participants")
    }
}

extension RoundOpen: WireBody {
    static var messageType: MessageType { .roundOpen }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(round)
        writer.write(seed)
        writer.write(deadlineUnixMilliseconds)
        writer.write(baseSequence)
        writer.write(k)
        writer.write(p)
        writer.write(enum: mode)
        writer.write(ids: participants)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> RoundOpen {
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let seed = try reader.read(UInt64.self)
        let deadline = try reader.read(UInt64.self)
        let baseSequence = try reader.read(UInt64.self)
        let k = try reader.read(UInt16.self)
        let p = try reader.read(UInt16.self)
        let mode = try reader.read(enum: AlgorithmMode.self, field: "RoundOpen.mode")
        let participants = try reader.readIDs(field: "RoundOpen.participants", limit: limits.maxParticipants)
        return RoundOpen(runID: runID, round: round, seed: seed, k: k, p: p, participants: participants,
                         deadlineUnixMilliseconds: deadline, baseSequence: baseSequence, mode: mode)
    }
}
