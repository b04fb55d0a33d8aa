/// CONTRIBUTION (trainer -> aggregator, PUSH -> PULL): the K*P projected-gradient scalars
/// a sampled trainer computed for one round. Its size depends on K*P only, never on the
/// model dimension: this is the frame behind SeedFL's dimension-free uplink.
///
/// Layout (56 + 4*K*P bytes): header, `runID` u64 @4, `round` u64 @12, `baseSequence` u64 @20,
/// `trainerID` u32 @28, `nonce` u64 @32, `k` u16 @40, `p` u16 @42, `baseLoss` f32 @44,
/// `exampleCount` u32 @48, scalar count u32 @52 (= K*P), scalars f32[K*P] @56, row-major
/// `[k][p]`.
public struct Contribution: Sendable, Equatable, Hashable {
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
    /// The trainer's process nonce (as in its HELLO), so a contribution from a restarted
    /// trainer can be told apart from a replayed frame.
    public var nonce: UInt64
    /// Local steps (>= 1), must match the round's.
    public var k: UInt16
    /// Perturbations per step (>= 1), must match the round's.
    public var p: UInt16
    /// The K*P scalars, row-major: `scalars[step * p + perturbation]`. All finite.
    public var scalars: [Float]
    /// The loss at the unperturbed parameters before the first local step (finite).
    public var baseLoss: Float
    /// How many training examples the trainer used: its weight in a weighted mean (>= 1).
    public var exampleCount: UInt32

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, round: UInt64, baseSequence: UInt64, trainerID: UInt32, nonce: UInt64,
                k: UInt16, p: UInt16, scalars: [Float], baseLoss: Float, exampleCount: UInt32) {
        self.runID = runID
        self.round = round
        self.baseSequence = baseSequence
        self.trainerID = trainerID
        self.nonce = nonce
        self.k = k
        self.p = p
        self.scalars = scalars
        self.baseLoss = baseLoss
        self.exampleCount = exampleCount
    }

    /// Bytes of a CONTRIBUTION before its scalars: header (4) + fixed fields (52).
    public static let fixedSize = WireFormat.headerSize + 52

    /// The size of a CONTRIBUTION frame with `scalarCount` (= K*P) scalars:
    /// `56 + 4 * scalarCount`, independent of the model dimension (saturating).
    public static func encodedSize(scalarCount: Int) -> Int {
        Saturating.size(fixedSize, (scalarCount, 4))
    }

    /// The size of a CONTRIBUTION frame for `k` local steps and `p` perturbations.
    public static func encodedSize(k: UInt16, p: UInt16) -> Int {
        encodedSize(scalarCount: Int(k) * Int(p))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int { Self.encodedSize(scalarCount: scalars.count) }

    /// Checks K, P >= 1, exactly K*P scalars within `limits.maxScalars`, every float finite
    /// and `exampleCount >= 1`.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.atLeastOne(k, field: "Contribution.k")
        try Validate.atLeastOne(p, field: "Contribution.p")
        try Validate.count(scalars.count, field: "Contribution.scalars", limit: limits.maxScalars)
        try Validate.scalarCount(scalars.count, k: k, p: p, field: "Contribution.scalars")
        try Validate.finite(scalars, field: "Contribution.scalars")
        try Validate.finite(baseLoss, field: "Contribution.baseLoss")
        try Validate.exampleCount(exampleCount, field: "Contribution.exampleCount")
    }
}

extension Contribution: WireBody {
    static var messageType: MessageType { .contribution }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(round)
        writer.write(baseSequence)
        writer.write(trainerID)
        writer.write(nonce)
        writer.write(k)
        writer.write(p)
        writer.write(baseLoss)
        writer.write(exampleCount)
        writer.write(floats: scalars)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Contribution {
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let baseSequence = try reader.read(UInt64.self)
        let trainerID = try reader.read(UInt32.self)
        let nonce = try reader.read(UInt64.self)
        let k = try reader.read(UInt16.self)
        let p = try reader.read(UInt16.self)
        let baseLoss = try reader.readFloat()
        let exampleCount = try reader.read(UInt32.self)
        let scalars = try reader.readFloats(field: "Contribution.scalars", limit: limits.maxScalars)
        return Contribution(runID: runID, round: round, baseSequence: baseSequence, trainerID: trainerID,
                            nonce: nonce, k: k, p: p, scalars: scalars, baseLoss: baseLoss,
                            exampleCount: exampleCount)
    }
}
