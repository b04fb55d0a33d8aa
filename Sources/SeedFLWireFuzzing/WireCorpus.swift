import SeedFLCore
import SeedFLWire

/// Valid messages of every type for the wire fuzzer to mutate, small enough to fit the
/// run-sized limits ``WireFuzzer`` also decodes with (K x P = 2 x 3, 16 participants,
/// 64 dense values, 4 history records), with contents drawn from `seed`.
enum WireCorpus {
    static func messages(seed: UInt64) -> [Message] {
        var g = SplitMix64(seed, 0xC0B5)
        func u64() -> UInt64 { g.next() }
        func u32() -> UInt32 { UInt32(truncatingIfNeeded: g.next()) }
        func float() -> Float { Float(g.nextGaussian()) }
        func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
        func doubles(_ n: Int) -> [Double] { (0..<n).map { _ in g.nextGaussian() } }
        func ids(_ n: Int) -> [UInt32] {
            var set = Set<UInt32>()
            while set.count < n { set.insert(UInt32(truncatingIfNeeded: g.next() % 1_000)) }
            return set.sorted()
        }
        func commit(_ sequence: UInt64) -> RoundCommit {
            RoundCommit(sequence: sequence, runID: 7, round: sequence + 3, seed: u64(), k: 2, p: 3, learningRate: 0.01,
                        scalars: floats(6), contributors: ids(3), meanBaseLoss: 0.69)
        }
        func dense(_ sequence: UInt64, _ content: DenseContent) -> DenseCommit {
            DenseCommit(sequence: sequence, runID: 7, round: sequence + 3, seed: u64(), learningRate: 0.001,
                        contributors: ids(2), content: content, values: floats(5), meanBaseLoss: 1.5)
        }
        let fingerprint = (0..<4).map { _ in String(u64(), radix: 16).leftPadded(to: 16) }.joined()
        return [
            .hello(Hello(trainerID: u32() % 16, runID: 7, lastAppliedSequence: u64() % 100, nonce: u64())),
            .heartbeat(Heartbeat(role: .broker, senderID: 0, runID: 7, latestSequence: 12, round: 13,
                                 unixTimeMilliseconds: 1_763_000_000_000)),
            .heartbeat(Heartbeat(role: .trainer, senderID: 3, runID: 7, latestSequence: 11, round: 0,
                                 unixTimeMilliseconds: u64())),
            .roundOpen(RoundOpen(runID: 7, round: 13, seed: u64(), k: 2, p: 3, participants: ids(4),
                                 deadlineUnixMilliseconds: 1_763_000_005_000, baseSequence: 12, mode: .seedScalars)),
            .roundOpen(RoundOpen(runID: 7, round: 14, seed: u64(), k: 1, p: 1, participants: ids(16),
                                 deadlineUnixMilliseconds: u64(), baseSequence: 12, mode: .denseDelta)),
            .roundAbort(RoundAbort(runID: 7, round: 13, reason: .quorumMissed)),
            .roundAbort(RoundAbort(runID: 7, round: 14, reason: .aggregatorLost)),
            .contribution(Contribution(runID: 7, round: 13, baseSequence: 12, trainerID: 4, nonce: u64(), k: 2, p: 3,
                                       scalars: floats(6), baseLoss: 0.7, exampleCount: 32)),
            .aggregate(Aggregate(runID: 7, round: 13, k: 2, p: 3, contributors: ids(3), kind: .final,
                                 mode: .seedScalars, values: doubles(6), baseLoss: 0.69, exampleCount: 96)),
            .aggregate(Aggregate(runID: 7, round: 13, k: 1, p: 2, contributors: ids(2), kind: .partial,
                                 mode: .seedScalars, values: doubles(2), baseLoss: 1.4, exampleCount: 64)),
            .aggregate(Aggregate(runID: 7, round: 13, k: 2, p: 3, contributors: ids(2), kind: .final,
                                 mode: .denseDelta, values: doubles(8), baseLoss: 0.6, exampleCount: 64)),
            .roundCommit(commit(12)),
            .historyRequest(HistoryRequest(runID: 7, afterSequence: 10, maxRecords: 100)),
            .historyChunk(HistoryChunk(runID: 7, latestSequence: 14, isLast: true,
                                       records: [.commit(commit(11)), .dense(dense(12, .delta)), .commit(commit(13))])),
            .historyChunk(HistoryChunk(runID: 7, latestSequence: 14, isLast: false, records: [])),
            .denseContribution(DenseContribution(runID: 7, round: 13, baseSequence: 12, trainerID: 4, nonce: u64(),
                                                 baseLoss: 0.7, exampleCount: 32, values: floats(7))),
            .denseCommit(dense(12, .delta)),
            .denseCommit(dense(13, .model)),
            .snapshotRequest(SnapshotRequest(runID: 7, sequence: 0, offset: 0, maxBytes: 1 << 20)),
            .snapshotRequest(SnapshotRequest(runID: 7, sequence: 12, offset: 16, maxBytes: 16)),
            .snapshotChunk(SnapshotChunk(runID: 7, sequence: 12, totalSize: 40, offset: 0, fingerprint: fingerprint,
                                         isLast: false, bytes: (0..<24).map { _ in UInt8(truncatingIfNeeded: u64()) })),
            .snapshotChunk(SnapshotChunk(runID: 7, sequence: 12, totalSize: 40, offset: 24, fingerprint: fingerprint,
                                         isLast: true, bytes: (0..<16).map { _ in UInt8(truncatingIfNeeded: u64()) })),
            .snapshotChunk(.unavailable(runID: 7)),
        ]
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
