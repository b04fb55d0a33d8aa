/// ROUND_COMMIT (broker PUB, sequence-numbered): a round the broker has written durably.
/// Every trainer applies every commit, in sequence order, sampled or not; the ledger is
/// the list of these records (and of ``DenseCommit``s), and HISTORY_CHUNK replays them with
/// the same body encoding.
///
/// Layout (56 + 4*K*P + 4m bytes): header, `sequence` u64 @4, `runID` u64 @12,
/// `round` u64 @20, `seed` u64 @28, `k` u16 @36, `p` u16 @38, `learningRate` f32 @40,
/// `meanBaseLoss` f32 @44, scalar count u32 @48 (= K*P), scalars f32[K*P] @52, then
/// contributor count m u32 and contributor ids u32[m].
public struct RoundCommit: Sendable, Equatable, Hashable {
    /// Position in the ledger: strictly increasing, starting at 1.
    public var sequence: UInt64
    /// The run.
    public var runID: UInt64
    /// The committed round.
    public var round: UInt64
    /// The round seed the perturbations are regenerated from.
    public var seed: UInt64
    /// Local steps (>= 1).
    public var k: UInt16
    /// Perturbations per step (>= 1).
    public var p: UInt16
    /// The step size the update is applied with: finite and > 0.
    public var learningRate: Float
    /// The committed (aggregated) K*P scalars, row-major `[k][p]`, all finite.
    public var scalars: [Float]
    /// The trainers whose contributions were combined: non-empty, strictly increasing.
    public var contributors: [UInt32]
    /// Mean base loss of the contributors (finite), for monitoring.
    public var meanBaseLoss: Float

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(sequence: UInt64, runID: UInt64, round: UInt64, seed: UInt64, k: UInt16, p: UInt16,
                learningRate: Float, scalars: [Float], contributors: [UInt32], meanBaseLoss: Float) {
        self.sequence = sequence
        self.runID = runID
        self.round = round
        self.seed = seed
        self.k = k
        self.p = p
        self.learningRate = learningRate
        self.scalars = scalars
        self.contributors = contributors
        self.meanBaseLoss = meanBaseLoss
    }

    /// The size of a ROUND_COMMIT frame (saturating). Nested in a HISTORY_CHUNK a record
    /// takes one byte more: the 4-byte header is replaced by a 1-byte record type and a
    /// 4-byte length.
    public static func encodedSize(scalarCount: Int, contributorCount: Int) -> Int {
        Saturating.size(WireFormat.headerSize + 52, (scalarCount, 4), (contributorCount, 4))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int {
        Self.encodedSize(scalarCount: scalars.count, contributorCount: contributors.count)
    }

    /// Checks `sequence >= 1`, K, P >= 1, exactly K*P finite scalars within
    /// `limits.maxScalars`, a finite positive learning rate, a finite mean base loss and a
    /// non-empty strictly increasing contributor list within `limits.maxParticipants`.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.sequenceNumber(sequence, field: "RoundCommit.sequence")
        try Validate.atLeastOne(k, field: "RoundCommit.k")
        try Validate.atLeastOne(p, field: "RoundCommit.p")
        try Validate.learningRate(learningRate, field: "RoundCommit.learningRate")
        try Validate.count(scalars.count, field: "RoundCommit.scalars", limit: limits.maxScalars)
        try Validate.scalarCount(scalars.count, k: k, p: p, field: "RoundCommit.scalars")
        try Validate.finite(scalars, field: "RoundCommit.scalars")
        try Validate.count(contributors.count, field: "RoundCommit.contributors", limit: limits.maxParticipants)
        try Validate.strictlyIncreasing(contributors, field: "RoundCommit.contributors")
        try Validate.finite(meanBaseLoss, field: "RoundCommit.meanBaseLoss")
    }
}

extension RoundCommit: WireBody {
    static var messageType: MessageType { .roundCommit }

    func write(to writer: inout ByteWriter) {
        writer.write(sequence)
        writer.write(runID)
        writer.write(round)
        writer.write(seed)
        writer.write(k)
        writer.write(p)
        writer.write(learningRate)
        writer.write(meanBaseLoss)
        writer.write(floats: scalars)
        writer.write(ids: contributors)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> RoundCommit {
        let sequence = try reader.read(UInt64.self)
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let seed = try reader.read(UInt64.self)
        let k = try reader.read(UInt16.self)
        let p = try reader.read(UInt16.self)
        let learningRate = try reader.readFloat()
        let meanBaseLoss = try reader.readFloat()
        let scalars = try reader.readFloats(field: "RoundCommit.scalars", limit: limits.maxScalars)
        let contributors = try reader.readIDs(field: "RoundCommit.contributors", limit: limits.maxParticipants)
        return RoundCommit(sequence: sequence, runID: runID, round: round, seed: seed, k: k, p: p,
                           learningRate: learningRate, scalars: scalars, contributors: contributors,
                           meanBaseLoss: meanBaseLoss)
    }
}
