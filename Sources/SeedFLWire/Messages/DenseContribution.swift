/// DENSE_CONTRIBUTION (trainer -> aggregator): the FedZO/FedMeZO baseline's upload, the
/// whole trainable delta of length d. It exists so that byte counts of the dense baselines
/// can be measured on the same wire as the seed-scalar protocol.
///
/// Layout (52 + 4d bytes): header, `runID` u64 @4, `round` u64 @12, `baseSequence` u64 @20,
/// `trainerID` u32 @28, `nonce` u64 @32, `baseLoss` f32 @40, `exampleCount` u32 @44,
/// value count d u32 @48, values f32[d] @52.
public struct DenseContribution: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The round answered.
    public var round: UInt64
    /// The ledger sequence number of the model the contribution was computed on (the
    /// round's ``RoundOpen/baseSequence``); an aggregator drops contributions computed on
    /// another model.
    public var baseSequence: UInt64
    /// The sending trainer.
    public var trainerID: UInt32
    /// The trainer's process nonce (as in its HELLO).
    public var nonce: UInt64
    /// The loss at the unperturbed parameters before the first local step (finite).
    public var baseLoss: Float
    /// Training examples used: the weight in a weighted mean (>= 1).
    public var exampleCount: UInt32
    /// The trainable delta, d values in canonical parameter order, all finite, 1 <= d.
    public var values: [Float]

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, round: UInt64, baseSequence: UInt64, trainerID: UInt32, nonce: UInt64,
                baseLoss: Float, exampleCount: UInt32, values: [Float]) {
        self.runID = runID
        self.round = round
        self.baseSequence = baseSequence
        self.trainerID = trainerID
        self.nonce = nonce
        self.baseLoss = baseLoss
        self.exampleCount = exampleCount
        self.values = values
    }

    /// The size of a DENSE_CONTRIBUTION frame for dimension `length`: `52 + 4 * length`
    /// (saturating), i.e. linear in d, unlike ``Contribution``.
    public static func encodedSize(length: Int) -> Int {
        Saturating.size(WireFormat.headerSize + 48, (length, 4))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int { Self.encodedSize(length: values.count) }

    /// Checks 1 <= d <= `limits.maxDenseLength`, every float finite and `exampleCount >= 1`.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.finite(baseLoss, field: "DenseContribution.baseLoss")
        try Validate.exampleCount(exampleCount, field: "DenseContribution.exampleCount")
        try Validate.count(values.count, field: "DenseContribution.values", limit: limits.maxDenseLength)
        try Validate.finite(values, field: "DenseContribution.values")
    }
}

extension DenseContribution: WireBody {
    static var messageType: MessageType { .denseContribution }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(round)
        writer.write(baseSequence)
        writer.write(trainerID)
        writer.write(nonce)
        writer.write(baseLoss)
        writer.write(exampleCount)
        writer.write(floats: values)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> DenseContribution {
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let baseSequence = try reader.read(UInt64.self)
        let trainerID = try reader.read(UInt32.self)
        let nonce = try reader.read(UInt64.self)
        let baseLoss = try reader.readFloat()
        let exampleCount = try reader.read(UInt32.self)
        let values = try reader.readFloats(field: "DenseContribution.values", limit: limits.maxDenseLength)
        return DenseContribution(runID: runID, round: round, baseSequence: baseSequence, trainerID: trainerID,
                                 nonce: nonce, baseLoss: baseLoss, exampleCount: exampleCount, values: values)
    }
}
