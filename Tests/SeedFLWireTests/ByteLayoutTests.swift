import SeedFLWire
import XCTest

/// Pins the byte layout documented in docs/protocol.md.
final class ByteLayoutTests: XCTestCase {
    /// The worked example of docs/protocol.md, byte for byte.
    func testContributionWorkedExampleFromProtocolDoc() {
        let message = Message.contribution(Contribution(
            runID: 7, round: 42, trainerID: 3, nonce: 0x0102_0304_0506_0708, k: 1, p: 2,
            scalars: [1.5, -0.25], baseLoss: 0.5, exampleCount: 32))
        let expected = """
        53 46 01 05 07 00 00 00 00 00 00 00 2a 00 00 00 00 00 00 00 \
        03 00 00 00 08 07 06 05 04 03 02 01 01 00 02 00 00 00 00 3f \
        20 00 00 00 02 00 00 00 00 00 c0 3f 00 00 80 be
        """
        XCTAssertEqual(hex(message.encode()), expected)
        XCTAssertEqual(message.encodedSize, 56)
    }

    /// The basis of the dimension-free claim: a CONTRIBUTION is 48 + 4*K*P bytes, whatever
    /// model it was computed on (there is no dimension field at all).
    func testContributionSizeDependsOnlyOnKTimesP() {
        for (k, p) in [(1, 1), (1, 5), (10, 5), (5, 10), (4, 16), (256, 256)] as [(UInt16, UInt16)] {
            let contribution = Contribution(runID: 1, round: 1, trainerID: 1, nonce: 1, k: k, p: p,
                                            scalars: [Float](repeating: 0.5, count: Int(k) * Int(p)),
                                            baseLoss: 1, exampleCount: 1)
            let size = Message.contribution(contribution).encode().count
            XCTAssertEqual(size, WireFormat.headerSize + 44 + 4 * Int(k) * Int(p))
            XCTAssertEqual(size, Contribution.encodedSize(k: k, p: p))
        }
        // Same K*P, different shape: same size.
        XCTAssertEqual(Contribution.encodedSize(k: 10, p: 5), Contribution.encodedSize(k: 5, p: 10))
    }

    func testDenseContributionSizeIsLinearInDimension() {
        for d in [1, 10, 10_000] {
            let dense = DenseContribution(runID: 1, round: 1, trainerID: 1, nonce: 1, baseLoss: 1, exampleCount: 1,
                                          values: [Float](repeating: 1, count: d))
            XCTAssertEqual(Message.denseContribution(dense).encode().count, 44 + 4 * d)
        }
    }

    func testFixedSizesMatchTheDocumentedTables() {
        XCTAssertEqual(Hello.encodedSize, 32)
        XCTAssertEqual(Heartbeat.encodedSize, 41)
        XCTAssertEqual(RoundAbort.encodedSize, 21)
        XCTAssertEqual(HistoryRequest.encodedSize, 24)
        XCTAssertEqual(RoundOpen.encodedSize(participantCount: 3), 45 + 12)
        XCTAssertEqual(Aggregate.encodedSize(scalarCount: 6, contributorCount: 2), 45 + 24 + 8)
        XCTAssertEqual(RoundCommit.encodedSize(scalarCount: 6, contributorCount: 2), 56 + 24 + 8)
        XCTAssertEqual(HistoryChunk.encodedSize(recordCount: 2, commitSize: 88), 25 + 176)
        XCTAssertEqual(DenseCommit.encodedSize(contributorCount: 2, length: 3), 41 + 8 + 12)
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

    /// A chunk's record is the ROUND_COMMIT frame with its header replaced by a length.
    func testHistoryRecordIsCommitBodyWithLengthPrefix() {
        let commit = RoundCommit(sequence: 5, runID: 3, round: 9, seed: 1, k: 1, p: 1, learningRate: 0.5,
                                 scalars: [1], contributors: [2], meanBaseLoss: 0)
        let commitBytes = Message.roundCommit(commit).encode()
        let chunkBytes = Message.historyChunk(HistoryChunk(runID: 3, latestSequence: 5, isLast: true,
                                                           records: [commit])).encode()
        XCTAssertEqual(chunkBytes[20], 1) // isLast
        XCTAssertEqual(Array(chunkBytes[21 ..< 25]), [1, 0, 0, 0])
        let length = commitBytes.count - 4
        XCTAssertEqual(Array(chunkBytes[25 ..< 29]), [UInt8(length), 0, 0, 0])
        XCTAssertEqual(Array(chunkBytes[29...]), Array(commitBytes[4...]))
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
