import SeedFLWire
import XCTest

/// Count fields are bounded before anything is allocated.
final class LimitsTests: XCTestCase {
    /// Limits so large that only the remaining-bytes check can stop a lying count.
    private let unbounded = DecodeLimits(maxScalars: Int.max, maxParticipants: Int.max, maxDenseLength: Int.max,
                                         maxHistoryRecords: Int.max, maxFrameBytes: Int.max)

    /// (fixture index in `Fixtures.small()`, byte offset of a count field, field name, default limit)
    private let countFields: [(Int, Int, String, Int)] = [
        (2, 41, "RoundOpen.participants", DecodeLimits.default.maxParticipants),
        (4, 44, "Contribution.scalars", DecodeLimits.default.maxScalars),
        (5, 37, "Aggregate.values", DecodeLimits.default.maxScalars),
        (6, 48, "RoundCommit.scalars", DecodeLimits.default.maxScalars),
        (8, 21, "HistoryChunk.records", DecodeLimits.default.maxHistoryRecords),
        (9, 40, "DenseContribution.values", DecodeLimits.default.maxDenseLength),
        (10, 33, "DenseCommit.contributors", DecodeLimits.default.maxParticipants),
    ]

    func testMaximalCountFailsAgainstTheLimit() {
        let fixtures = Fixtures.small()
        for (index, offset, field, limit) in countFields {
            var bytes = fixtures[index].encode()
            bytes.put(UInt32.max, at: offset)
            XCTAssertEqual(decodeError(bytes), .countOutOfRange(field: field, value: Int(UInt32.max), limit: limit))
        }
    }

    /// With limits that allow 2^32-1 elements, the count is refused because the frame cannot
    /// hold them. A decoder that trusted the count would allocate 16 GiB and then copy past
    /// the end of the frame (a crash); this one fails in O(1) before allocating.
    func testMaximalCountFailsAgainstRemainingBytesWithoutAllocating() {
        let fixtures = Fixtures.small()
        for (index, offset, field, _) in countFields {
            var bytes = fixtures[index].encode()
            bytes.put(UInt32.max, at: offset)
            guard case let .truncated(needed, available)? = decodeError(bytes, limits: unbounded) else {
                XCTFail("\(field): expected truncated")
                continue
            }
            XCTAssertEqual(available, bytes.count, field)
            XCTAssertGreaterThanOrEqual(needed, offset + 4 + 4 * Int(UInt32.max), field)
        }
    }

    func testLaterCountFieldsAreBoundedToo() {
        // The second array of AGGREGATE / ROUND_COMMIT / DENSE_COMMIT follows the first.
        let fixtures = Fixtures.small()
        var aggregate = fixtures[5].encode()
        aggregate.put(UInt32.max, at: 41 + 8)
        XCTAssertEqual(decodeError(aggregate), .countOutOfRange(field: "Aggregate.contributors",
                                                                value: Int(UInt32.max), limit: 1 << 16))
        var commit = fixtures[6].encode()
        commit.put(UInt32.max, at: 52 + 24)
        XCTAssertEqual(decodeError(commit), .countOutOfRange(field: "RoundCommit.contributors",
                                                             value: Int(UInt32.max), limit: 1 << 16))
        var dense = fixtures[10].encode()
        dense.put(UInt32.max, at: 37 + 8)
        XCTAssertEqual(decodeError(dense), .countOutOfRange(field: "DenseCommit.values",
                                                            value: Int(UInt32.max), limit: 1 << 22))
    }

    func testCountAtTheLimitIsAccepted() {
        let limits = DecodeLimits(maxScalars: 6, maxParticipants: 3, maxDenseLength: 4, maxHistoryRecords: 2,
                                  maxFrameBytes: 1 << 20)
        for message in Fixtures.small() {
            XCTAssertNil(decodeError(message.encode(), limits: limits), "\(message.type)")
        }
        let tighter = DecodeLimits(maxScalars: 5, maxParticipants: 2, maxDenseLength: 3, maxHistoryRecords: 1,
                                   maxFrameBytes: 1 << 20)
        XCTAssertEqual(decodeError(Fixtures.small()[4].encode(), limits: tighter),
                       .countOutOfRange(field: "Contribution.scalars", value: 6, limit: 5))
        XCTAssertEqual(decodeError(Fixtures.small()[2].encode(), limits: tighter),
                       .countOutOfRange(field: "RoundOpen.participants", value: 3, limit: 2))
        XCTAssertEqual(decodeError(Fixtures.small()[8].encode(), limits: tighter),
                       .countOutOfRange(field: "HistoryChunk.records", value: 2, limit: 1))
        XCTAssertEqual(decodeError(Fixtures.small()[9].encode(), limits: tighter),
                       .countOutOfRange(field: "DenseContribution.values", value: 4, limit: 3))
    }

    func testHistoryRecordCountBeyondRemainingBytes() {
        var bytes = Fixtures.small()[8].encode()
        bytes.put(UInt32(1_000), at: 21)
        guard case .truncated? = decodeError(bytes, limits: unbounded) else { return XCTFail() }
    }

    func testLimitsDerivedFromRunAcceptExactlyTheRunsLargestFrames() {
        let limits = DecodeLimits.forRun(k: 10, p: 5, participants: 100, dimension: 1_000, historyRecords: 8)
        XCTAssertEqual(limits.maxScalars, 50)
        XCTAssertEqual(limits.maxParticipants, 100)
        XCTAssertEqual(limits.maxDenseLength, 1_000)
        XCTAssertEqual(limits.maxHistoryRecords, 8)
        // The largest frame is the history chunk of 8 commits with 50 scalars and 100 ids.
        XCTAssertEqual(limits.maxFrameBytes, 25 + 8 * (56 + 200 + 400))

        var random = TestRandom(seed: 5)
        let ids = random.sortedIDs(100)
        let records = (1 ... 8).map { i in
            RoundCommit(sequence: UInt64(i), runID: 1, round: UInt64(i), seed: 1, k: 10, p: 5, learningRate: 1,
                        scalars: random.floats(50), contributors: ids, meanBaseLoss: 0)
        }
        let chunk = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 8, isLast: true, records: records))
        XCTAssertEqual(chunk.encodedSize, limits.maxFrameBytes)
        XCTAssertNil(decodeError(chunk.encode(), limits: limits))
        let dense = Message.denseCommit(DenseCommit(sequence: 1, runID: 1, round: 1, learningRate: 1,
                                                    contributors: ids, content: .model, values: random.floats(1_000)))
        XCTAssertNil(decodeError(dense.encode(), limits: limits))

        // One more scalar per step is refused.
        let bigger = Contribution(runID: 1, round: 1, trainerID: 1, nonce: 1, k: 10, p: 6,
                                  scalars: random.floats(60), baseLoss: 0, exampleCount: 1)
        XCTAssertEqual(decodeError(Message.contribution(bigger).encode(), limits: limits),
                       .countOutOfRange(field: "Contribution.scalars", value: 60, limit: 50))
    }

    func testDefaultFrameLimitHoldsTheLargestDefaultDenseFrame() {
        let limits = DecodeLimits.default
        XCTAssertGreaterThanOrEqual(limits.maxFrameBytes,
                                    DenseCommit.encodedSize(contributorCount: limits.maxParticipants,
                                                            length: limits.maxDenseLength))
    }

    func testMaximumFrameSizeSaturatesInsteadOfOverflowing() {
        XCTAssertEqual(unbounded.maximumFrameSize, Int.max)
    }
}
