import SeedFLWire

/// A small deterministic generator (SplitMix64) so that every randomized test replays the
/// same inputs on every run and machine.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0 ..< bound` (bound > 0); the modulo bias is irrelevant for tests.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    /// A finite float spread over many magnitudes and both signs, including zeros and
    /// subnormals, drawn from random bit patterns with non-finite ones rejected.
    mutating func finiteFloat() -> Float {
        while true {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: next()))
            if value.isFinite { return value }
        }
    }

    mutating func floats(_ count: Int) -> [Float] { (0 ..< count).map { _ in finiteFloat() } }

    /// A finite binary64 value drawn the same way as ``finiteFloat()``.
    mutating func finiteDouble() -> Double {
        while true {
            let value = Double(bitPattern: next())
            if value.isFinite { return value }
        }
    }

    mutating func doubles(_ count: Int) -> [Double] { (0 ..< count).map { _ in finiteDouble() } }

    /// `count` distinct ids in increasing order.
    mutating func sortedIDs(_ count: Int) -> [UInt32] {
        var ids = Set<UInt32>()
        while ids.count < count { ids.insert(UInt32(truncatingIfNeeded: next())) }
        return ids.sorted()
    }
}

/// Valid messages of every type: typical values, edge values (0, max, -0.0, subnormals,
/// greatest finite floats) and large arrays.
enum Fixtures {
    static func commit(sequence: UInt64, runID: UInt64 = 7, k: UInt16 = 2, p: UInt16 = 3,
                       contributors: [UInt32] = [1, 4, 9], random: inout TestRandom) -> RoundCommit {
        RoundCommit(sequence: sequence, runID: runID, round: sequence + 10, seed: random.next(), k: k, p: p,
                    learningRate: 1e-4, scalars: random.floats(Int(k) * Int(p)), contributors: contributors,
                    meanBaseLoss: 2.5)
    }

    static func denseCommit(sequence: UInt64, runID: UInt64 = 7, length: Int = 3,
                            contributors: [UInt32] = [1, 4], random: inout TestRandom) -> DenseCommit {
        DenseCommit(sequence: sequence, runID: runID, round: sequence + 10, seed: random.next(), learningRate: 1e-3,
                    contributors: contributors, content: .delta, values: random.floats(length), meanBaseLoss: 1.25)
    }

    /// A model fingerprint as SNAPSHOT_CHUNK carries it: 64 lowercase hex digits.
    static let fingerprint = "0123456789abcdef" + String(repeating: "a5", count: 24)

    /// Small messages: cheap to decode millions of times in the fuzz tests. Tests address
    /// some of them by index, so new fixtures are appended.
    static func small() -> [Message] {
        var random = TestRandom(seed: 1)
        return [
            .hello(Hello(trainerID: 3, runID: 7, lastAppliedSequence: 0, nonce: 0xDEAD_BEEF)),
            .heartbeat(Heartbeat(role: .broker, senderID: 0, runID: 7, latestSequence: 12, round: 13,
                                 unixTimeMilliseconds: 1_763_000_000_000)),
            .roundOpen(RoundOpen(runID: 7, round: 13, seed: 0x1234_5678_9ABC_DEF0, k: 2, p: 3,
                                 participants: [1, 4, 9], deadlineUnixMilliseconds: 1_763_000_005_000,
                                 baseSequence: 12, mode: .seedScalars)),
            .roundAbort(RoundAbort(runID: 7, round: 13, reason: .quorumMissed)),
            .contribution(Contribution(runID: 7, round: 13, baseSequence: 12, trainerID: 4, nonce: 99, k: 2, p: 3,
                                       scalars: [0.5, -1.25, 3, 0, -0.0, 1e-30], baseLoss: 0.693,
                                       exampleCount: 32)),
            .aggregate(Aggregate(runID: 7, round: 13, k: 1, p: 2, contributors: [1, 4], kind: .partial,
                                 mode: .seedScalars, values: [1.5, -2], baseLoss: 1.4, exampleCount: 64)),
            .roundCommit(commit(sequence: 12, random: &random)),
            .historyRequest(HistoryRequest(runID: 7, afterSequence: 10, maxRecords: 100)),
            .historyChunk(HistoryChunk(runID: 7, latestSequence: 12, isLast: true, records: [
                .commit(commit(sequence: 11, k: 1, p: 1, contributors: [2], random: &random)),
                .dense(denseCommit(sequence: 12, length: 2, contributors: [3, 5], random: &random)),
            ])),
            .denseContribution(DenseContribution(runID: 7, round: 13, baseSequence: 12, trainerID: 4, nonce: 99,
                                                 baseLoss: 0.7, exampleCount: 32, values: [0.25, -0.5, 1, 2])),
            .denseCommit(DenseCommit(sequence: 12, runID: 7, round: 13, seed: 0xFEED, learningRate: 0.01,
                                     contributors: [1, 4], content: .delta, values: [0.125, -8, 3],
                                     meanBaseLoss: 0.75)),
            .aggregate(Aggregate(runID: 7, round: 13, k: 2, p: 3, contributors: [1, 4, 9], kind: .final,
                                 mode: .denseDelta, values: [0.1, -1e-300, 4], baseLoss: 0.6931471805599453,
                                 exampleCount: 96)),
            .snapshotRequest(SnapshotRequest(runID: 7, sequence: 40, offset: 1_048_576, maxBytes: 1_048_576)),
            .snapshotChunk(SnapshotChunk(runID: 7, sequence: 40, totalSize: 10, offset: 4, fingerprint: fingerprint,
                                         isLast: false, bytes: [0, 1, 0xFE, 0xFF])),
        ]
    }

    /// Edge values and big arrays for the round-trip tests.
    static func edges() -> [Message] {
        var random = TestRandom(seed: 2)
        let maxID = UInt32.max, maxU64 = UInt64.max, maxU16 = UInt16.max
        let extremes: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                 -.leastNonzeroMagnitude, .leastNormalMagnitude, 0, -0.0, 1]
        let doubleExtremes: [Double] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                        -.leastNonzeroMagnitude, .leastNormalMagnitude, 0, -0.0, 0.1]
        return [
            .hello(Hello(trainerID: 0, runID: 0, lastAppliedSequence: 0, nonce: 0)),
            .hello(Hello(trainerID: maxID, runID: maxU64, lastAppliedSequence: maxU64, nonce: maxU64)),
            .heartbeat(Heartbeat(role: .trainer, senderID: maxID, runID: maxU64, latestSequence: maxU64,
                                 round: maxU64, unixTimeMilliseconds: maxU64)),
            .heartbeat(Heartbeat(role: .aggregator, senderID: 1, runID: 1, latestSequence: 0, round: 0,
                                 unixTimeMilliseconds: 0)),
            .roundOpen(RoundOpen(runID: maxU64, round: maxU64, seed: maxU64, k: 1, p: 1, participants: [maxID],
                                 deadlineUnixMilliseconds: maxU64, baseSequence: maxU64, mode: .denseDelta)),
            .roundOpen(RoundOpen(runID: 1, round: 2, seed: 0, k: 10, p: 25, participants: random.sortedIDs(5_000),
                                 deadlineUnixMilliseconds: 0, baseSequence: 0, mode: .seedScalars)),
            .roundAbort(RoundAbort(runID: maxU64, round: maxU64, reason: .operatorRequest)),
            .roundAbort(RoundAbort(runID: 0, round: 0, reason: .deadline)),
            .roundAbort(RoundAbort(runID: 0, round: 0, reason: .aggregatorLost)),
            .contribution(Contribution(runID: maxU64, round: maxU64, baseSequence: maxU64, trainerID: maxID,
                                       nonce: maxU64, k: 2, p: 4, scalars: extremes, baseLoss: -.greatestFiniteMagnitude,
                                       exampleCount: maxID)),
            .contribution(Contribution(runID: 1, round: 1, baseSequence: 0, trainerID: 1, nonce: 1, k: 256, p: 256,
                                       scalars: random.floats(65_536), baseLoss: 0, exampleCount: 1)),
            .aggregate(Aggregate(runID: 1, round: 1, k: 2, p: 4, contributors: [0, maxID], kind: .final,
                                 mode: .seedScalars, values: doubleExtremes, baseLoss: .leastNonzeroMagnitude,
                                 exampleCount: maxU64)),
            .aggregate(Aggregate(runID: 1, round: 1, k: 100, p: 50, contributors: random.sortedIDs(3_000),
                                 kind: .partial, mode: .seedScalars, values: random.doubles(5_000), baseLoss: 1,
                                 exampleCount: 3_000)),
            .aggregate(Aggregate(runID: maxU64, round: maxU64, k: maxU16, p: maxU16, contributors: [maxID],
                                 kind: .partial, mode: .denseDelta, values: [-0.0], baseLoss: -.greatestFiniteMagnitude,
                                 exampleCount: 1)),
            .aggregate(Aggregate(runID: 1, round: 1, k: 1, p: 1, contributors: random.sortedIDs(500), kind: .final,
                                 mode: .denseDelta, values: random.doubles(100_000), baseLoss: 0, exampleCount: 500)),
            .roundCommit(RoundCommit(sequence: maxU64, runID: maxU64, round: maxU64, seed: maxU64, k: 2, p: 4,
                                     learningRate: .leastNonzeroMagnitude, scalars: extremes, contributors: [maxID],
                                     meanBaseLoss: .greatestFiniteMagnitude)),
            .roundCommit(commit(sequence: 1, k: 200, p: 100, contributors: random.sortedIDs(2_000),
                                random: &random)),
            .historyChunk(HistoryChunk(runID: 0, latestSequence: 0, isLast: false, records: [])),
            .historyChunk(HistoryChunk(runID: 9, latestSequence: 600, isLast: false,
                                       records: (1 ... 300).map { i -> HistoryRecord in
                                           i % 3 == 0
                                               ? .dense(denseCommit(sequence: UInt64(i) * 2, runID: 9, length: 50,
                                                                    random: &random))
                                               : .commit(commit(sequence: UInt64(i) * 2, runID: 9, random: &random))
                                       })),
            .historyChunk(HistoryChunk(runID: maxU64, latestSequence: maxU64, isLast: true, records: [
                .dense(DenseCommit(sequence: maxU64, runID: maxU64, round: maxU64, seed: maxU64,
                                   learningRate: .leastNonzeroMagnitude, contributors: [maxID], content: .model,
                                   values: extremes, meanBaseLoss: -.greatestFiniteMagnitude)),
            ])),
            .historyRequest(HistoryRequest(runID: maxU64, afterSequence: maxU64, maxRecords: maxID)),
            .historyRequest(HistoryRequest(runID: 0, afterSequence: 0, maxRecords: 1)),
            .denseContribution(DenseContribution(runID: 1, round: 1, baseSequence: maxU64, trainerID: 1, nonce: 1,
                                                 baseLoss: 0, exampleCount: 1, values: [-0.0])),
            .denseContribution(DenseContribution(runID: 1, round: 1, baseSequence: 0, trainerID: 1, nonce: 1,
                                                 baseLoss: 3, exampleCount: 10, values: random.floats(200_000))),
            .denseCommit(DenseCommit(sequence: 1, runID: 1, round: 1, seed: 0, learningRate: .greatestFiniteMagnitude,
                                     contributors: [0], content: .model, values: extremes, meanBaseLoss: -0.0)),
            .denseCommit(DenseCommit(sequence: 2, runID: 1, round: 2, seed: maxU64, learningRate: 1e-3,
                                     contributors: random.sortedIDs(1_000), content: .delta,
                                     values: random.floats(100_000), meanBaseLoss: 3.5)),
            .snapshotRequest(SnapshotRequest(runID: maxU64, sequence: maxU64, offset: maxU64, maxBytes: maxID)),
            .snapshotRequest(SnapshotRequest(runID: 0, sequence: 0, offset: 0, maxBytes: 1)),
            .snapshotChunk(.unavailable(runID: maxU64)),
            .snapshotChunk(SnapshotChunk(runID: 1, sequence: maxU64, totalSize: maxU64, offset: maxU64 - 2,
                                         fingerprint: String(repeating: "f", count: 64), isLast: true,
                                         bytes: [0, 0xFF])),
            .snapshotChunk(SnapshotChunk(runID: 1, sequence: 1, totalSize: 1 << 20, offset: 0,
                                         fingerprint: fingerprint, isLast: true,
                                         bytes: (0 ..< (1 << 20)).map { _ in random.byte() })),
        ]
    }

    static var all: [Message] { small() + edges() }
}

/// Decodes and returns the error, or nil when decoding succeeded.
func decodeError(_ bytes: [UInt8], limits: DecodeLimits = .default) -> WireError? {
    do {
        _ = try Message.decode(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// Little-endian field patching for building malformed frames.
extension Array where Element == UInt8 {
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { self[offset + i] = byte }
        }
    }
}
