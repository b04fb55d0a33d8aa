import SeedFLWire
import XCTest

/// Pins the byte layout documented in docs/protocol.md.
final class ByteLayoutTests: XCTestCase {
    /// The worked example of docs/protocol.md, byte for byte.
    func testContributionWorkedExampleFromProtocolDoc() {
        let message = Message.contribution(Contribution(
            runID: 7, round: 42, baseSequence: 41, trainerID: 3, nonce: 0x0102_0304_0506_0708, k: 1, p: 2,
            scalars: [1.5, -0.25], baseLoss: 0.5, exampleCount: 32))
        let expected = """
        53 46 01 05 07 00 00 00 00 00 00 00 2a 00 00 00 00 00 00 00 \
        29 00 00 00 00 00 00 00 03 00 00 00 08 07 06 05 04 03 02 01 \
        01 00 02 00 00 00 00 3f 20 00 00 00 02 00 00 00 00 00 c0 3f \
        00 00 80 be
        """
        XCTAssertEqual(hex(message.encode()), expected)
        XCTAssertEqual(message.encodedSize, 64)
    }

    /// The basis of the dimension-free claim: a CONTRIBUTION is 56 + 4*K*P bytes, whatever
    /// model it was computed on (there is no dimension field at all).
    func testContributionSizeDependsOnlyOnKTimesP() {
        for (k, p) in [(1, 1), (1, 5), (10, 5), (5, 10), (4, 16), (256, 256)] as [(UInt16, UInt16)] {
            let contribution = Contribution(runID: 1, round: 1, baseSequence: 1, trainerID: 1, nonce: 1, k: k, p: p,
                                            scalars: [Float](repeating: 0.5, count: Int(k) * Int(p)),
                                            baseLoss: 1, exampleCount: 1)
            let size = Message.contribution(contribution).encode().count
            XCTAssertEqual(size, WireFormat.headerSize + 52 + 4 * Int(k) * Int(p))
            XCTAssertEqual(size, Contribution.encodedSize(k: k, p: p))
            XCTAssertEqual(size, Contribution.fixedSize + 4 * Int(k) * Int(p))
        }
        // Same K*P, different shape: same size.
        XCTAssertEqual(Contribution.encodedSize(k: 10, p: 5), Contribution.encodedSize(k: 5, p: 10))
    }

    func testDenseContributionSizeIsLinearInDimension() {
        for d in [1, 10, 10_000] {
            let dense = DenseContribution(runID: 1, round: 1, baseSequence: 1, trainerID: 1, nonce: 1, baseLoss: 1,
                                          exampleCount: 1, values: [Float](repeating: 1, count: d))
            XCTAssertEqual(Message.denseContribution(dense).encode().count, 52 + 4 * d)
        }
    }

    /// A dense AGGREGATE carries d binary64 values: fixed + 8d + 12m bytes (an id and a
    /// nonce per contributor).
    func testDenseAggregateSizeIsFixedPlusEightPerValue() {
        var random = TestRandom(seed: 11)
        for (d, m) in [(1, 1), (7, 3), (10_000, 40)] {
            let aggregate = Aggregate(runID: 1, round: 1, k: 2, p: 3, contributors: random.sortedIDs(m), kind: .final,
                                      mode: .denseDelta, values: random.doubles(d), baseLoss: 0.5,
                                      exampleCount: UInt64(m))
            let size = Message.aggregate(aggregate).encode().count
            XCTAssertEqual(size, Aggregate.fixedSize + 8 * d + 12 * m)
            XCTAssertEqual(size, 50 + 8 * d + 12 * m)
            XCTAssertEqual(size, Aggregate.encodedSize(valueCount: d, contributorCount: m))
        }
    }

    func testFixedSizesMatchTheDocumentedTables() {
        XCTAssertEqual(Hello.encodedSize, 32)
        XCTAssertEqual(Heartbeat.encodedSize, 41)
        XCTAssertEqual(RoundAbort.encodedSize, 21)
        XCTAssertEqual(HistoryRequest.encodedSize, 24)
        XCTAssertEqual(RoundOpen.encodedSize(participantCount: 3), 53 + 12)
        XCTAssertEqual(Contribution.fixedSize, 56)
        XCTAssertEqual(Aggregate.fixedSize, 50)
        XCTAssertEqual(Aggregate.encodedSize(valueCount: 6, contributorCount: 2), 50 + 48 + 24)
        XCTAssertEqual(RoundCommit.encodedSize(scalarCount: 6, contributorCount: 2), 56 + 24 + 8)
        XCTAssertEqual(HistoryChunk.fixedSize, 25)
        XCTAssertEqual(HistoryRecord.encodedSize(frameSize: 88), 89)
        XCTAssertEqual(HistoryChunk.encodedSize(recordCount: 2, recordFrameSize: 88), 25 + 2 * 89)
        XCTAssertEqual(DenseContribution.encodedSize(length: 3), 52 + 12)
        XCTAssertEqual(DenseCommit.encodedSize(contributorCount: 2, length: 3), 53 + 8 + 12)
    }

    func testRoundOpenFieldOffsets() {
        let open = RoundOpen(runID: 0x11, round: 0x22, seed: 0x33, k: 5, p: 6, participants: [0xAA, 0xBB],
                             deadlineUnixMilliseconds: 0x44, baseSequence: 0x0102_0304_0506_0708, mode: .denseDelta)
        let bytes = Message.roundOpen(open).encode()
        XCTAssertEqual(bytes[4], 0x11)
        XCTAssertEqual(bytes[12], 0x22)
        XCTAssertEqual(bytes[20], 0x33)
        XCTAssertEqual(bytes[28], 0x44)
        XCTAssertEqual(Array(bytes[36 ..< 44]), [8, 7, 6, 5, 4, 3, 2, 1])
        XCTAssertEqual(Array(bytes[44 ..< 48]), [5, 0, 6, 0])
        XCTAssertEqual(bytes[48], 2) // denseDelta
        XCTAssertEqual(Array(bytes[49 ..< 53]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[53 ..< 61]), [0xAA, 0, 0, 0, 0xBB, 0, 0, 0])
        XCTAssertEqual(bytes.count, 61)
    }

    func testDenseContributionFieldOffsets() {
        let dense = DenseContribution(runID: 0x11, round: 0x22, baseSequence: 0x33, trainerID: 0x44, nonce: 0x55,
                                      baseLoss: 1, exampleCount: 0x66, values: [2])
        let bytes = Message.denseContribution(dense).encode()
        XCTAssertEqual(bytes[4], 0x11)
        XCTAssertEqual(bytes[12], 0x22)
        XCTAssertEqual(bytes[20], 0x33)
        XCTAssertEqual(bytes[28], 0x44)
        XCTAssertEqual(bytes[32], 0x55)
        XCTAssertEqual(Array(bytes[40 ..< 44]), [0x00, 0x00, 0x80, 0x3F]) // 1.0
        XCTAssertEqual(bytes[44], 0x66)
        XCTAssertEqual(Array(bytes[48 ..< 52]), [1, 0, 0, 0])
        XCTAssertEqual(Array(bytes[52 ..< 56]), [0x00, 0x00, 0x00, 0x40]) // 2.0
        XCTAssertEqual(bytes.count, 56)
    }

    func testAggregateFieldOffsets() {
        let aggregate = Aggregate(runID: 0x11, round: 0x22, k: 1, p: 2, contributors: [0xAA], nonces: [0x0102_0304_0506_0708],
                                  kind: .partial, mode: .seedScalars, values: [1, -2], baseLoss: 0.5, exampleCount: 0x33)
        let bytes = Message.aggregate(aggregate).encode()
        XCTAssertEqual(bytes[4], 0x11)
        XCTAssertEqual(bytes[12], 0x22)
        XCTAssertEqual(Array(bytes[20 ..< 24]), [1, 0, 2, 0])
        XCTAssertEqual(bytes[24], 2) // partial
        XCTAssertEqual(bytes[25], 1) // seedScalars
        XCTAssertEqual(Array(bytes[26 ..< 34]), [0, 0, 0, 0, 0, 0, 0xE0, 0x3F]) // 0.5 as binary64
        XCTAssertEqual(bytes[34], 0x33)
        XCTAssertEqual(Array(bytes[42 ..< 46]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[46 ..< 54]), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]) // 1.0
        XCTAssertEqual(Array(bytes[54 ..< 62]), [0, 0, 0, 0, 0, 0, 0x00, 0xC0]) // -2.0
        XCTAssertEqual(Array(bytes[62 ..< 66]), [1, 0, 0, 0])
        XCTAssertEqual(Array(bytes[66 ..< 70]), [0xAA, 0, 0, 0])
        XCTAssertEqual(Array(bytes[70 ..< 78]), [8, 7, 6, 5, 4, 3, 2, 1]) // its nonce
        XCTAssertEqual(bytes.count, 78)
        XCTAssertEqual(try Message.decode(bytes), .aggregate(aggregate))
    }

    /// Field offsets of a variable-length message, read back from the encoding.
    func testRoundCommitFieldOffsets() {
        let commit = RoundCommit(sequence: 0x11, runID: 0x22, round: 0x33, seed: 0x44, k: 2, p: 1,
                                 learningRate: 1, scalars: [2, 4], contributors: [0xAA, 0xBB], meanBaseLoss: -1)
        let bytes = Message.roundCommit(commit).encode()
        XCTAssertEqual(bytes[4], 0x11)
        XCTAssertEqual(bytes[12], 0x22)
        XCTAssertEqual(bytes[20], 0x33)
        XCTAssertEqual(bytes[28], 0x44)
        XCTAssertEqual(Array(bytes[36 ..< 40]), [2, 0, 1, 0])
        XCTAssertEqual(Array(bytes[40 ..< 44]), [0x00, 0x00, 0x80, 0x3F]) // 1.0
        XCTAssertEqual(Array(bytes[44 ..< 48]), [0x00, 0x00, 0x80, 0xBF]) // -1.0
        XCTAssertEqual(Array(bytes[48 ..< 52]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[52 ..< 60]), [0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x80, 0x40]) // 2.0, 4.0
        XCTAssertEqual(Array(bytes[60 ..< 64]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[64 ..< 72]), [0xAA, 0, 0, 0, 0xBB, 0, 0, 0])
        XCTAssertEqual(bytes.count, 72)
    }

    func testDenseCommitFieldOffsets() {
        let dense = DenseCommit(sequence: 0x11, runID: 0x22, round: 0x33, seed: 0x44, learningRate: 1,
                                contributors: [0xAA, 0xBB], content: .model, values: [2], meanBaseLoss: -1)
        let bytes = Message.denseCommit(dense).encode()
        XCTAssertEqual(bytes[4], 0x11)
        XCTAssertEqual(bytes[12], 0x22)
        XCTAssertEqual(bytes[20], 0x33)
        XCTAssertEqual(bytes[28], 0x44)
        XCTAssertEqual(Array(bytes[36 ..< 40]), [0x00, 0x00, 0x80, 0x3F]) // 1.0
        XCTAssertEqual(Array(bytes[40 ..< 44]), [0x00, 0x00, 0x80, 0xBF]) // -1.0
        XCTAssertEqual(bytes[44], 2) // model
        XCTAssertEqual(Array(bytes[45 ..< 49]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[49 ..< 57]), [0xAA, 0, 0, 0, 0xBB, 0, 0, 0])
        XCTAssertEqual(Array(bytes[57 ..< 61]), [1, 0, 0, 0])
        XCTAssertEqual(Array(bytes[61 ..< 65]), [0x00, 0x00, 0x00, 0x40]) // 2.0
        XCTAssertEqual(bytes.count, 65)
    }

    /// A chunk's record is the type byte, then the standalone frame with its header replaced
    /// by a length, for both record kinds.
    func testHistoryRecordIsTypeThenLengthThenBody() {
        let commit = RoundCommit(sequence: 5, runID: 3, round: 9, seed: 1, k: 1, p: 1, learningRate: 0.5,
                                 scalars: [1], contributors: [2], meanBaseLoss: 0)
        let dense = DenseCommit(sequence: 6, runID: 3, round: 10, seed: 2, learningRate: 0.5, contributors: [2],
                                content: .delta, values: [1, 2], meanBaseLoss: 0)
        let commitBytes = Message.roundCommit(commit).encode()
        let denseBytes = Message.denseCommit(dense).encode()
        let chunk = HistoryChunk(runID: 3, latestSequence: 6, isLast: true, records: [.commit(commit), .dense(dense)])
        let chunkBytes = Message.historyChunk(chunk).encode()
        XCTAssertEqual(chunkBytes[20], 1) // isLast
        XCTAssertEqual(Array(chunkBytes[21 ..< 25]), [2, 0, 0, 0])
        XCTAssertEqual(chunkBytes[25], 0x07)
        XCTAssertEqual(Array(chunkBytes[26 ..< 30]), [UInt8(commitBytes.count - 4), 0, 0, 0])
        let second = 30 + commitBytes.count - 4
        XCTAssertEqual(Array(chunkBytes[30 ..< second]), Array(commitBytes[4...]))
        XCTAssertEqual(chunkBytes[second], 0x0B)
        XCTAssertEqual(Array(chunkBytes[second + 1 ..< second + 5]), [UInt8(denseBytes.count - 4), 0, 0, 0])
        XCTAssertEqual(Array(chunkBytes[(second + 5)...]), Array(denseBytes[4...]))
        XCTAssertEqual(chunkBytes.count, 25 + commitBytes.count + 1 + denseBytes.count + 1)
        XCTAssertEqual(chunk.records.map(\.encodedSize), [commitBytes.count + 1, denseBytes.count + 1])
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
