/// DENSE_COMMIT (broker PUB, sequence-numbered): the dense baselines' download, either the
/// averaged delta or the new global trainable vector, of length d. It is the ledger record
/// of a dense round, as ``RoundCommit`` is of a seed-scalar round, and keeps the same
/// round metadata (seed, mean base loss).
///
/// Layout (53 + 4m + 4d bytes): header, `sequence` u64 @4, `runID` u64 @12, `round` u64 @20,
/// `seed` u64 @28, `learningRate` f32 @36, `meanBaseLoss` f32 @40, `content` u8 @44,
/// contributor count m u32 @45, contributor ids u32[m] @49, then value count d u32 and
/// values f32[d].
public struct DenseCommit: Sendable, Equatable, Hashable {
    /// Position in the ledger: strictly increasing, starting at 1.
    public var sequence: UInt64
    /// The run.
    public var runID: UInt64
    /// The committed round.
    public var round: UInt64
    /// The round seed (as in the round's ROUND_OPEN): the dense baselines' trainers draw
    /// their perturbations from it, and the ledger keeps it so a replay is reproducible.
    public var seed: UInt64
    /// The step size of the round: finite and > 0.
    public var learningRate: Float
    /// The trainers whose deltas were averaged: non-empty, strictly increasing.
    public var contributors: [UInt32]
    /// Whether `values` is the averaged delta or the new model.
    public var content: DenseContent
    /// d values in canonical parameter order, all finite, 1 <= d.
    public var values: [Float]
    /// Mean base loss of the contributors (finite), for monitoring.
    public var meanBaseLoss: Float

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(sequence: UInt64, runID: UInt64, round: UInt64, seed: UInt64, learningRate: Float,
                contributors: [UInt32], content: DenseContent, values: [Float], meanBaseLoss: Float) {
        self.sequence = sequence
        self.runID = runID
        self.round = round
        self.seed = seed
        self.learningRate = learningRate
        self.contributors = contributors
        self.content = content
        self.values = values
        self.meanBaseLoss = meanBaseLoss
    }

    /// The size of a DENSE_COMMIT frame with `contributorCount` contributors and dimension
    /// `length`: `53 + 4 * contributorCount + 4 * length` (saturating). Nested in a
    /// HISTORY_CHUNK a record takes one byte more (record type and length replace the header).
    public static func encodedSize(contributorCount: Int, length: Int) -> Int {
        Saturating.size(WireFormat.headerSize + 49, (contributorCount, 4), (length, 4))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int {
        Self.encodedSize(contributorCount: contributors.count, length: values.count)
    }

    /// Checks `sequence >= 1`, a finite positive learning rate, a finite mean base loss, a
    /// non-empty strictly increasing contributor list within `limits.maxParticipants`, and
    /// 1 <= d <= `limits.maxDenseLength` finite values.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.sequenceNumber(sequence, field: "DenseCommit.sequence")
        try Validate.learningRate(learningRate, field: "DenseCommit.learningRate")
        try Validate.finite(meanBaseLoss, field: "DenseCommit.meanBaseLoss")
        try Validate.count(contributors.count, field: "DenseCommit.contributors", limit: limits.maxParticipants)
        try Validate.strictlyIncreasing(contributors, field: "DenseCommit.contributors")
        try Validate.count(values.count, field: "DenseCommit.values", limit: limits.maxDenseLength)
        try Validate.finite(values, field: "DenseCommit.values")
    }
}

extension DenseCommit: WireBody {
    static var messageType: MessageType { .denseCommit }

    func write(to writer: inout ByteWriter) {
        writer.write(sequence)
        writer.write(runID)
        writer.write(round)
        writer.write(seed)
        writer.write(learningRate)
        writer.write(meanBaseLoss)
        writer.write(enum: content)
        writer.write(ids: contributors)
        writer.write(floats: values)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> DenseCommit {
        let sequence = try reader.read(UInt64.self)
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let seed = try reader.read(UInt64.self)
        let learningRate = try reader.readFloat()
        let meanBaseLoss = try reader.readFloat()
        let content = try reader.read(enum: DenseContent.self, field: "DenseCommit.content")
        let contributors = try reader.readIDs(field: "DenseCommit.contributors", limit: limits.maxParticipants)
        let values = try reader.readFloats(field: "DenseCommit.values", limit: limits.maxDenseLength)
        return DenseCommit(sequence: sequence, runID: runID, round: round, seed: seed, learningRate: learningRate,
                           contributors: contributors, content: content, values: values, meanBaseLoss: meanBaseLoss)
    }
}
