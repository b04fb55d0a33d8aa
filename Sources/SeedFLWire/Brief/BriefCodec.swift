/// The brief forms of the three messages every round carries, for a sender and a receiver
/// bound to the same run (``RunBinding``). They decode to the ordinary ``RoundOpen``,
/// ``RoundCommit`` and ``Contribution`` and are validated like them, so everything after the
/// decoder is unchanged. Layouts (after the 4-byte header; `varint` is unsigned LEB128 in
/// its shortest form, ids are a varint count, the first id, then each gap minus one):
///
/// * ROUND_OPEN_BRIEF (0x0E): `round` varint, `round - baseSequence` varint (>= 1),
///   participant ids. Seed, K, P, mode and run id from the binding; the deadline is the
///   decoding time plus the binding's round timeout.
/// * ROUND_COMMIT_BRIEF (0x0F): `sequence` varint, `round - sequence` varint, `learningRate`
///   f32, `meanBaseLoss` f32, K*P scalars f32 (no count: K and P are the binding's),
///   contributor ids. Seed, K, P and run id from the binding.
/// * CONTRIBUTION_BRIEF (0x10): `round` varint, `round - baseSequence` varint (>= 1),
///   `trainerID` varint, `nonce` u64, `baseLoss` f32, `exampleCount` varint, K*P scalars f32.
public enum BriefCodec {
    /// The brief frame of `message` under `binding`, or nil when it has no brief form or
    /// disagrees with the binding (then it goes out in full).
    public static func encode(_ message: Message, binding: RunBinding) -> [UInt8]? {
        var w = ByteWriter(capacity: 64)
        func header(_ type: MessageType) {
            w.write(WireFormat.magic.0)
            w.write(WireFormat.magic.1)
            w.write(WireFormat.version)
            w.write(type.rawValue)
        }
        switch message {
        case .roundOpen(let o):
            guard o.runID == binding.runID, o.k == binding.k, o.p == binding.p, o.mode == binding.mode,
                  o.seed == binding.seed(o.round), o.round > o.baseSequence else { return nil }
            header(.roundOpenBrief)
            w.write(varint: o.round)
            w.write(varint: o.round - o.baseSequence)
            writeIDs(o.participants, to: &w)
        case .roundCommit(let c):
            guard c.runID == binding.runID, c.k == binding.k, c.p == binding.p, c.seed == binding.seed(c.round),
                  c.round >= c.sequence, c.scalars.count == Int(binding.k) * Int(binding.p) else { return nil }
            header(.roundCommitBrief)
            w.write(varint: c.sequence)
            w.write(varint: c.round - c.sequence)
            w.write(c.learningRate)
            w.write(c.meanBaseLoss)
            for s in c.scalars { w.write(s) }
            writeIDs(c.contributors, to: &w)
        case .contribution(let c):
            guard c.runID == binding.runID, c.k == binding.k, c.p == binding.p, c.round > c.baseSequence,
                  c.scalars.count == Int(binding.k) * Int(binding.p) else { return nil }
            header(.contributionBrief)
            w.write(varint: c.round)
            w.write(varint: c.round - c.baseSequence)
            w.write(varint: UInt64(c.trainerID))
            w.write(c.nonce)
            w.write(c.baseLoss)
            w.write(varint: UInt64(c.exampleCount))
            for s in c.scalars { w.write(s) }
        default:
            return nil
        }
        return w.bytes
    }

    /// Reads the body of a brief frame of `type` (the header already read).
    static func read(_ type: MessageType, from r: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Message {
        guard let binding = limits.binding else {
            throw .invalidValue(field: "\(type)", reason: "a brief frame needs a run binding, and this decoder has none")
        }
        let scalarCount = Int(binding.k) * Int(binding.p)
        switch type {
        case .roundOpenBrief:
            let round = try r.readVarint(field: "RoundOpenBrief.round")
            let gap = try r.readVarint(field: "RoundOpenBrief.baseGap", limit: round)
            guard gap >= 1 else { throw .invalidValue(field: "RoundOpenBrief.baseGap", reason: "must be >= 1") }
            let participants = try readIDs(&r, field: "RoundOpenBrief.participants", limit: limits.maxParticipants)
            return .roundOpen(RoundOpen(runID: binding.runID, round: round, seed: binding.seed(round), k: binding.k,
                                        p: binding.p, participants: participants,
                                        deadlineUnixMilliseconds: binding.now() &+ binding.roundTimeoutMilliseconds,
                                        baseSequence: round - gap, mode: binding.mode))
        case .roundCommitBrief:
            let sequence = try r.readVarint(field: "RoundCommitBrief.sequence")
            let gap = try r.readVarint(field: "RoundCommitBrief.roundGap", limit: UInt64.max - sequence)
            let learningRate = try r.readFloat()
            let meanBaseLoss = try r.readFloat()
            let scalars = try readScalars(&r, count: scalarCount, limits: limits, field: "RoundCommitBrief.scalars")
            let contributors = try readIDs(&r, field: "RoundCommitBrief.contributors", limit: limits.maxParticipants)
            let round = sequence + gap
            return .roundCommit(RoundCommit(sequence: sequence, runID: binding.runID, round: round, seed: binding.seed(round),
                                            k: binding.k, p: binding.p, learningRate: learningRate, scalars: scalars,
                                            contributors: contributors, meanBaseLoss: meanBaseLoss))
        case .contributionBrief:
            let round = try r.readVarint(field: "ContributionBrief.round")
            let gap = try r.readVarint(field: "ContributionBrief.baseGap", limit: round)
            guard gap >= 1 else { throw .invalidValue(field: "ContributionBrief.baseGap", reason: "must be >= 1") }
            let trainer = try r.readVarint(field: "ContributionBrief.trainerID", limit: UInt64(UInt32.max))
            let nonce = try r.read(UInt64.self)
            let baseLoss = try r.readFloat()
            let examples = try r.readVarint(field: "ContributionBrief.exampleCount", limit: UInt64(UInt32.max))
            let scalars = try readScalars(&r, count: scalarCount, limits: limits, field: "ContributionBrief.scalars")
            return .contribution(Contribution(runID: binding.runID, round: round, baseSequence: round - gap,
                                              trainerID: UInt32(trainer), nonce: nonce, k: binding.k, p: binding.p,
                                              scalars: scalars, baseLoss: baseLoss, exampleCount: UInt32(examples)))
        default:
            throw .unknownType(found: type.rawValue)
        }
    }

    /// Strictly increasing ids as a count, the first id and the gaps minus one.
    private static func writeIDs(_ ids: [UInt32], to w: inout ByteWriter) {
        w.write(varint: UInt64(ids.count))
        var previous: UInt32?
        for id in ids {
            w.write(varint: previous.map { UInt64(id &- $0 &- 1) } ?? UInt64(id))
            previous = id
        }
    }

    /// Reads ids written by `writeIDs`: the count is checked against `limit` and against the
    /// bytes left (one per id at least) before anything is allocated.
    private static func readIDs(_ r: inout ByteReader, field: String, limit: Int) throws(WireError) -> [UInt32] {
        let count = try r.readVarint(field: field)
        guard count <= UInt64(limit), count <= UInt64(r.remaining) else {
            throw .countOutOfRange(field: field, value: Int(clamping: count), limit: min(limit, r.remaining))
        }
        var ids: [UInt32] = []
        ids.reserveCapacity(Int(count))
        var next: UInt64 = 0
        for _ in 0..<count {
            let value = next + (try r.readVarint(field: field, limit: UInt64(UInt32.max)))
            guard value <= UInt64(UInt32.max) else { throw .invalidValue(field: field, reason: "id beyond UInt32") }
            ids.append(UInt32(value))
            next = value + 1
        }
        return ids
    }

    private static func readScalars(_ r: inout ByteReader, count: Int, limits: DecodeLimits,
                                    field: String) throws(WireError) -> [Float] {
        guard count <= limits.maxScalars else { throw .countOutOfRange(field: field, value: count, limit: limits.maxScalars) }
        guard count * 4 <= r.remaining else { throw .truncated(needed: count * 4, available: r.remaining) }
        var scalars: [Float] = []
        scalars.reserveCapacity(count)
        for _ in 0..<count { scalars.append(try r.readFloat()) }
        return scalars
    }
}
