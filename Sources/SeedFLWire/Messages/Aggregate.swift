/// AGGREGATE (aggregator -> broker, or edge aggregator -> root aggregator, PUSH -> PULL):
/// one round's combined scalars, or an edge aggregator's partial sums.
///
/// The layout is the same for both kinds; ``kind`` fixes the meaning of the numbers:
///
/// | field | `final` | `partial` |
/// | --- | --- | --- |
/// | `values` | the K*P combined scalars (output of the aggregation rule) | the K*P per-(k, p) sums over `contributors` |
/// | `baseLoss` | mean base loss of the contributors | sum of the contributors' base losses |
/// | `exampleCount` | total examples of the contributors | the same total |
///
/// The contributor count a root needs to turn sums into means is `contributors.count`,
/// carried by the array's count prefix rather than a second, possibly contradicting field.
///
/// Layout (45 + 4*K*P + 4m bytes): header, `runID` u64 @4, `round` u64 @12, `k` u16 @20,
/// `p` u16 @22, `kind` u8 @24, `baseLoss` f32 @25, `exampleCount` u64 @29,
/// value count u32 @37 (= K*P), values f32[K*P] @41, then contributor count m u32 and
/// contributor ids u32[m].
public struct Aggregate: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The round aggregated.
    public var round: UInt64
    /// Local steps (>= 1).
    public var k: UInt16
    /// Perturbations per step (>= 1).
    public var p: UInt16
    /// The trainers whose contributions were combined: non-empty, strictly increasing.
    public var contributors: [UInt32]
    /// Whether `values` and `baseLoss` are final results or partial sums (see the table above).
    public var kind: AggregateKind
    /// K*P values, row-major `[k][p]`, all finite.
    public var values: [Float]
    /// Mean (`final`) or summed (`partial`) base loss, finite.
    public var baseLoss: Float
    /// Total example count of the contributors. `UInt64` because it sums `UInt32` counts.
    public var exampleCount: UInt64

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, round: UInt64, k: UInt16, p: UInt16, contributors: [UInt32],
                kind: AggregateKind, values: [Float], baseLoss: Float, exampleCount: UInt64) {
        self.runID = runID
        self.round = round
        self.k = k
        self.p = p
        self.contributors = contributors
        self.kind = kind
        self.values = values
        self.baseLoss = baseLoss
        self.exampleCount = exampleCount
    }

    /// The size of an AGGREGATE frame with `scalarCount` values and `contributorCount`
    /// contributors (saturating).
    public static func encodedSize(scalarCount: Int, contributorCount: Int) -> Int {
        Saturating.size(WireFormat.headerSize + 41, (scalarCount, 4), (contributorCount, 4))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int {
        Self.encodedSize(scalarCount: values.count, contributorCount: contributors.count)
    }

    /// Checks K, P >= 1, exactly K*P finite values within `limits.maxScalars`, a finite base
    /// loss, a non-empty strictly increasing contributor list within `limits.maxParticipants`,
    /// and `exampleCount >= contributors.count` (every contribution has at least one example).
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.atLeastOne(k, field: "Aggregate.k")
        try Validate.atLeastOne(p, field: "Aggregate.p")
        try Validate.count(values.count, field: "Aggregate.values", limit: limits.maxScalars)
        try Validate.scalarCount(values, k: k, p: p, field: "Aggregate.values")
        try Validate.finite(values, field: "Aggregate.values")
        try Validate.finite(baseLoss, field: "Aggregate.baseLoss")
        try Validate.count(contributors.count, field: "Aggregate.contributors", limit: limits.maxParticipants)
        try Validate.strictlyIncreasing(contributors, field: "Aggregate.contributors")
        guard exampleCount >= UInt64(contributors.count) else {
            throw .invalidValue(field: "Aggregate.exampleCount",
                                reason: "\(exampleCount) examples for \(contributors.count) contributors (each has at least 1)")
        }
    }
}

extension Aggregate: WireBody {
    static var messageType: MessageType { .aggregate }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(round)
        writer.write(k)
        writer.write(p)
        writer.write(enum: kind)
        writer.write(baseLoss)
        writer.write(exampleCount)
        writer.write(floats: values)
        writer.write(ids: contributors)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Aggregate {
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let k = try reader.read(UInt16.self)
        let p = try reader.read(UInt16.self)
        let kind = try reader.read(enum: AggregateKind.self, field: "Aggregate.kind")
        let baseLoss = try reader.readFloat()
        let exampleCount = try reader.read(UInt64.self)
        let values = try reader.readFloats(field: "Aggregate.values", limit: limits.maxScalars)
        let contributors = try reader.readIDs(field: "Aggregate.contributors", limit: limits.maxParticipants)
        return Aggregate(runID: runID, round: round, k: k, p: p, contributors: contributors, kind: kind,
                         values: values, baseLoss: baseLoss, exampleCount: exampleCount)
    }
}
