/// AGGREGATE (aggregator -> broker, or edge aggregator -> root aggregator, PUSH -> PULL):
/// one round's combined result, or an edge aggregator's partial sums.
///
/// The layout is the same for both kinds and both modes; ``kind`` fixes the meaning of the
/// numbers and ``mode`` their count:
///
/// | field | `final` | `partial` |
/// | --- | --- | --- |
/// | `values` | the combined scalars (output of the aggregation rule) or averaged dense delta | per-element sums over `contributors` |
/// | `baseLoss` | mean base loss of the contributors | sum of the contributors' base losses |
/// | `exampleCount` | total examples of the contributors | the same total |
///
/// | `mode` | `values.count` | bound |
/// | --- | --- | --- |
/// | `seedScalars` | K*P, row-major `[k][p]` | ``DecodeLimits/maxScalars`` |
/// | `denseDelta` | d >= 1, canonical parameter order | ``DecodeLimits/maxDenseLength`` |
///
/// Values and base loss are binary64 so that an edge aggregator can forward its sums without
/// rounding them to binary32: a root that adds the partials (in trainer-id order) and rounds
/// once to `Float` for the ledger reproduces, in normal cases bit for bit, the mean a single
/// aggregator computes from the same contributions.
///
/// The contributor count a root needs to turn sums into means is `contributors.count`,
/// carried by the array's count prefix rather than a second, possibly contradicting field.
///
/// Each contributor's process nonce (the one its HELLO gave the broker) travels with it, so
/// the broker can refuse a round built from contributions no trainer process of its own sent.
///
/// Layout (50 + 8n + 12m bytes): header, `runID` u64 @4, `round` u64 @12, `k` u16 @20,
/// `p` u16 @22, `kind` u8 @24, `mode` u8 @25, `baseLoss` f64 @26, `exampleCount` u64 @34,
/// value count n u32 @42, values f64[n] @46, then contributor count m u32, contributor
/// ids u32[m] and their nonces u64[m] (same order, no second count).
public struct Aggregate: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The round aggregated.
    public var round: UInt64
    /// Local steps (>= 1), as in the round's ROUND_OPEN (also in dense mode, where it
    /// describes the trainers' local work rather than the value count).
    public var k: UInt16
    /// Perturbations per step (>= 1), as in the round's ROUND_OPEN.
    public var p: UInt16
    /// The trainers whose contributions were combined: non-empty, strictly increasing.
    public var contributors: [UInt32]
    /// The process nonce of each contributor's contribution, in `contributors` order.
    public var nonces: [UInt64]
    /// Whether `values` and `baseLoss` are final results or partial sums (see the table above).
    public var kind: AggregateKind
    /// Whether `values` are K*P seed scalars or a d-long dense delta (see the table above).
    public var mode: AlgorithmMode
    /// K*P scalars (row-major `[k][p]`) or d dense values, all finite.
    public var values: [Double]
    /// Mean (`final`) or summed (`partial`) base loss, finite.
    public var baseLoss: Double
    /// Total example count of the contributors. `UInt64` because it sums `UInt32` counts.
    public var exampleCount: UInt64

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here. `nonces` nil means zero for every
    /// contributor (tools and tests that speak for no process).
    public init(runID: UInt64, round: UInt64, k: UInt16, p: UInt16, contributors: [UInt32],
                nonces: [UInt64]? = nil, kind: AggregateKind, mode: AlgorithmMode, values: [Double],
                baseLoss: Double, exampleCount: UInt64) {
        self.nonces = nonces ?? [UInt64](repeating: 0, count: contributors.count)
        self.runID = runID
        self.round = round
        self.k = k
        self.p = p
        self.contributors = contributors
        self.kind = kind
        self.mode = mode
        self.values = values
        self.baseLoss = baseLoss
        self.exampleCount = exampleCount
    }

    /// Bytes of an AGGREGATE without its values, contributor ids and nonces: header (4) +
    /// fixed fields (42) + the two array counts (8).
    public static let fixedSize = WireFormat.headerSize + 46

    /// The size of an AGGREGATE frame with `valueCount` binary64 values and
    /// `contributorCount` contributors: `50 + 8 * valueCount + 12 * contributorCount`
    /// (saturating).
    public static func encodedSize(valueCount: Int, contributorCount: Int) -> Int {
        Saturating.size(fixedSize, (valueCount, 8), (contributorCount, 12))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int {
        Self.encodedSize(valueCount: values.count, contributorCount: contributors.count)
    }

    /// Checks K, P >= 1; in `seedScalars` mode exactly K*P values within
    /// `limits.maxScalars`, in `denseDelta` mode 1 <= d <= `limits.maxDenseLength` values;
    /// every value and the base loss finite; a non-empty strictly increasing contributor
    /// list within `limits.maxParticipants` with one nonce each; and
    /// `exampleCount >= contributors.count` (every contribution has at least one example).
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.atLeastOne(k, field: "Aggregate.k")
        try Validate.atLeastOne(p, field: "Aggregate.p")
        let valueLimit = Self.valueLimit(mode: mode, limits: limits)
        try Validate.count(values.count, field: "Aggregate.values", limit: valueLimit)
        if mode == .seedScalars {
            try Validate.scalarCount(values.count, k: k, p: p, field: "Aggregate.values")
        }
        try Validate.finite(values, field: "Aggregate.values")
        try Validate.finite(baseLoss, field: "Aggregate.baseLoss")
        try Validate.count(contributors.count, field: "Aggregate.contributors", limit: limits.maxParticipants)
        try Validate.strictlyIncreasing(contributors, field: "Aggregate.contributors")
        guard nonces.count == contributors.count else {
            throw .invalidValue(field: "Aggregate.nonces", reason: "\(nonces.count) nonces for \(contributors.count) contributors")
        }
        guard exampleCount >= UInt64(contributors.count) else {
            throw .invalidValue(field: "Aggregate.exampleCount",
                                reason: "\(exampleCount) examples for \(contributors.count) contributors (each has at least 1)")
        }
    }

    /// The bound on `values.count` in `mode`. The decoder reads `mode` before the values so
    /// that a dense count is checked against the dense limit before anything is allocated.
    static func valueLimit(mode: AlgorithmMode, limits: DecodeLimits) -> Int {
        switch mode {
        case .seedScalars: limits.maxScalars
        case .denseDelta: limits.maxDenseLength
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
        writer.write(enum: mode)
        writer.write(baseLoss)
        writer.write(exampleCount)
        writer.write(doubles: values)
        writer.write(ids: contributors)
        for nonce in nonces { writer.write(nonce) }
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Aggregate {
        let runID = try reader.read(UInt64.self)
        let round = try reader.read(UInt64.self)
        let k = try reader.read(UInt16.self)
        let p = try reader.read(UInt16.self)
        let kind = try reader.read(enum: AggregateKind.self, field: "Aggregate.kind")
        let mode = try reader.read(enum: AlgorithmMode.self, field: "Aggregate.mode")
        let baseLoss = try reader.readDouble()
        let exampleCount = try reader.read(UInt64.self)
        let values = try reader.readDoubles(field: "Aggregate.values", limit: valueLimit(mode: mode, limits: limits))
        let contributors = try reader.readIDs(field: "Aggregate.contributors", limit: limits.maxParticipants)
        // One nonce per contributor; the id count was bounded above, and each read checks
        // that its 8 bytes are there.
        var nonces: [UInt64] = []
        nonces.reserveCapacity(contributors.count)
        for _ in contributors { nonces.append(try reader.read(UInt64.self)) }
        return Aggregate(runID: runID, round: round, k: k, p: p, contributors: contributors, nonces: nonces,
                         kind: kind, mode: mode, values: values, baseLoss: baseLoss, exampleCount: exampleCount)
    }
}
