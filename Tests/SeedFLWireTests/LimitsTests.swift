import SeedFLWire
import XCTest

/// Count fields are bounded before anything is allocated.
final class LimitsTests: XCTestCase {
    /// Limits so large that only the remaining-bytes check can stop a lying count.
    private let unbounded = DecodeLimits(maxScalars: Int.max, maxParticipants: Int.max, maxDenseLength: Int.max,
                                         maxHistoryRecords: Int.max, maxSnapshotChunkBytes: Int.max,
                                         maxFrameBytes: Int.max)

    /// A count field of a `Fixtures.small()` frame.
    private struct CountField {
        let fixture: Int
        let offset: Int
        let field: String
        let limit: Int
        let elementSize: Int
    }

    private static let defaults = DecodeLimits.default

    /// Every top-level array count, including the second array of a message.
    private let countFields: [CountField] = [
        CountField(fixture: 2, offset: 49, field: "RoundOpen.participants", limit: defaults.maxParticipants,
                   elementSize: 4),
        CountField(fixture: 4, offset: 52, field: "Contribution.scalars", limit: defaults.maxScalars, elementSize: 4),
        CountField(fixture: 5, offset: 42, field: "Aggregate.values", limit: defaults.maxScalars, elementSize: 8),
        CountField(fixture: 5, offset: 46 + 16, field: "Aggregate.contributors", limit: defaults.maxParticipants,
                   elementSize: 4),
        CountField(fixture: 6, offset: 48, field: "RoundCommit.scalars", limit: defaults.maxScalars, elementSize: 4),
        CountField(fixture: 6, offset: 52 + 24, field: "RoundCommit.contributors", limit: defaults.maxParticipants,
                   elementSize: 4),
        CountField(fixture: 8, offset: 21, field: "HistoryChunk.records", limit: defaults.maxHistoryRecords,
                   elementSize: 54),
        CountField(fixture: 9, offset: 48, field: "DenseContribution.values", limit: defaults.maxDenseLength,
                   elementSize: 4),
        CountField(fixture: 10, offset: 45, field: "DenseCommit.contributors", limit: defaults.maxParticipants,
                   elementSize: 4),
        CountField(fixture: 10, offset: 49 + 8, field: "DenseCommit.values", limit: defaults.maxDenseLength,
                   elementSize: 4),
        // A dense AGGREGATE's values are bounded by maxDenseLength, not maxScalars.
        CountField(fixture: 11, offset: 42, field: "Aggregate.values", limit: defaults.maxDenseLength, elementSize: 8),
        CountField(fixture: 11, offset: 46 + 24, field: "Aggregate.contributors", limit: defaults.maxParticipants,
                   elementSize: 4),
        CountField(fixture: 13, offset: 101, field: "SnapshotChunk.bytes", limit: defaults.maxSnapshotChunkBytes,
                   elementSize: 1),
    ]

    func testEveryCountFieldIsListed() {
        // Each message type with an array appears, so a new array without a limit test is noticed.
        let types = Set(countFields.map { Fixtures.small()[$0.fixture].type })
        XCTAssertEqual(types, [.roundOpen, .contribution, .aggregate, .roundCommit, .historyChunk,
                               .denseContribution, .denseCommit, .snapshotChunk])
    }

    func testMaximalCountFailsAgainstTheLimit() {
        let fixtures = Fixtures.small()
        for count in countFields {
            var bytes = fixtures[count.fixture].encode()
            bytes.put(UInt32.max, at: count.offset)
            XCTAssertEqual(decodeError(bytes),
                           .countOutOfRange(field: count.field, value: Int(UInt32.max), limit: count.limit), count.field)
        }
    }

    /// With limits that allow 2^32-1 elements, the count is refused because the frame cannot
    /// hold them. A decoder that trusted the count would allocate 16 GiB (32 GiB of doubles)
    /// and then copy past the end of the frame (a crash); this one fails in O(1) before
    /// allocating.
    func testMaximalCountFailsAgainstRemainingBytesWithoutAllocating() {
        let fixtures = Fixtures.small()
        for count in countFields {
            var bytes = fixtures[count.fixture].encode()
            bytes.put(UInt32.max, at: count.offset)
            guard case let .truncated(needed, available)? = decodeError(bytes, limits: unbounded) else {
                XCTFail("\(count.field): expected truncated")
                continue
            }
            XCTAssertEqual(available, bytes.count, count.field)
            XCTAssertGreaterThanOrEqual(needed, count.offset + 4 + count.elementSize * Int(UInt32.max), count.field)
        }
    }

    /// The counts inside both kinds of history record are bounded by the same limits, and
    /// by the end of their record rather than of the frame.
    func testCountsInsideHistoryRecordsAreBounded() throws {
        let bytes = Fixtures.small()[8].encode()
        // Record 0 is a ROUND_COMMIT (k 1, p 1): type @25, length @26, body @30.
        let firstLength = Int(bytes[26]) | Int(bytes[27]) << 8
        let firstEnd = 30 + firstLength
        // Record 1 is a DENSE_COMMIT with 2 contributors: body @firstEnd + 5.
        let secondBody = firstEnd + 5
        let fields: [(Int, String, Int, Int)] = [
            (30 + 44, "HistoryChunk.records[0].scalars", Self.defaults.maxScalars, firstEnd),
            (30 + 44 + 8, "HistoryChunk.records[0].contributors", Self.defaults.maxParticipants, firstEnd),
            (secondBody + 41, "HistoryChunk.records[1].contributors", Self.defaults.maxParticipants, bytes.count),
            (secondBody + 41 + 12, "HistoryChunk.records[1].values", Self.defaults.maxDenseLength, bytes.count),
        ]
        for (offset, field, limit, recordEnd) in fields {
            var mutated = bytes
            mutated.put(UInt32.max, at: offset)
            XCTAssertEqual(decodeError(mutated), .countOutOfRange(field: field, value: Int(UInt32.max), limit: limit))
            guard case let .truncated(_, available)? = decodeError(mutated, limits: unbounded) else {
                XCTFail("\(field): expected truncated")
                continue
            }
            XCTAssertEqual(available, recordEnd, field)
        }
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
        XCTAssertEqual(decodeError(Fixtures.small()[11].encode(), limits: tighter),
                       .countOutOfRange(field: "Aggregate.contributors", value: 3, limit: 2))
    }

    /// The bound on AGGREGATE values follows its mode: K*P scalars against maxScalars, a
    /// dense delta against maxDenseLength.
    func testAggregateValueLimitFollowsMode() {
        let dense = Fixtures.small()[11].encode() // 3 dense values
        let scalars = Fixtures.small()[5].encode() // 2 seed scalars
        let denseRoom = DecodeLimits(maxScalars: 1, maxParticipants: 8, maxDenseLength: 3, maxHistoryRecords: 1,
                                     maxFrameBytes: 1 << 20)
        XCTAssertNil(decodeError(dense, limits: denseRoom))
        XCTAssertEqual(decodeError(scalars, limits: denseRoom),
                       .countOutOfRange(field: "Aggregate.values", value: 2, limit: 1))
        let scalarRoom = DecodeLimits(maxScalars: 3, maxParticipants: 8, maxDenseLength: 2, maxHistoryRecords: 1,
                                      maxFrameBytes: 1 << 20)
        XCTAssertNil(decodeError(scalars, limits: scalarRoom))
        XCTAssertEqual(decodeError(dense, limits: scalarRoom),
                       .countOutOfRange(field: "Aggregate.values", value: 3, limit: 2))
        // A seed-scalar-only run (maxDenseLength 0) refuses every dense aggregate.
        let seedOnly = DecodeLimits.forRun(k: 2, p: 3, participants: 8)
        XCTAssertEqual(decodeError(dense, limits: seedOnly),
                       .countOutOfRange(field: "Aggregate.values", value: 3, limit: 0))
    }

    func testHistoryRecordCountBeyondRemainingBytes() {
        var bytes = Fixtures.small()[8].encode()
        bytes.put(UInt32(1_000), at: 21)
        guard case .truncated? = decodeError(bytes, limits: unbounded) else { return XCTFail() }
    }

    func testLimitsDerivedFromASeedScalarRunAcceptExactlyItsLargestFrames() {
        let limits = DecodeLimits.forRun(k: 10, p: 5, participants: 100, historyRecords: 8)
        XCTAssertEqual(limits.maxScalars, 50)
        XCTAssertEqual(limits.maxParticipants, 100)
        XCTAssertEqual(limits.maxDenseLength, 0)
        XCTAssertEqual(limits.maxHistoryRecords, 8)
        // The largest frame is the history chunk of 8 commits with 50 scalars and 100 ids,
        // each record one byte longer than its frame.
        XCTAssertEqual(limits.maxFrameBytes, 25 + 8 * (56 + 200 + 400 + 1))

        var random = TestRandom(seed: 5)
        let ids = random.sortedIDs(100)
        let records = (1 ... 8).map { i in
            HistoryRecord.commit(RoundCommit(sequence: UInt64(i), runID: 1, round: UInt64(i), seed: 1, k: 10, p: 5,
                                             learningRate: 1, scalars: random.floats(50), contributors: ids,
                                             meanBaseLoss: 0))
        }
        let chunk = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 8, isLast: true, records: records))
        XCTAssertEqual(chunk.encodedSize, limits.maxFrameBytes)
        XCTAssertNil(decodeError(chunk.encode(), limits: limits))
        let aggregate = Message.aggregate(Aggregate(runID: 1, round: 1, k: 10, p: 5, contributors: ids, kind: .final,
                                                    mode: .seedScalars, values: random.doubles(50), baseLoss: 1,
                                                    exampleCount: 100))
        XCTAssertNil(decodeError(aggregate.encode(), limits: limits))

        // One more scalar per step is refused.
        let bigger = Contribution(runID: 1, round: 1, baseSequence: 0, trainerID: 1, nonce: 1, k: 10, p: 6,
                                  scalars: random.floats(60), baseLoss: 0, exampleCount: 1)
        XCTAssertEqual(decodeError(Message.contribution(bigger).encode(), limits: limits),
                       .countOutOfRange(field: "Contribution.scalars", value: 60, limit: 50))
    }

    func testLimitsDerivedFromADenseRunAcceptExactlyItsLargestFrames() {
        let limits = DecodeLimits.forRun(k: 10, p: 5, participants: 100, dimension: 1_000, historyRecords: 8)
        XCTAssertEqual(limits.maxDenseLength, 1_000)
        // The largest frame is a chunk of 8 DENSE_COMMITs with 100 ids and d = 1000, each
        // record one byte longer than its 53 + 400 + 4000-byte frame.
        XCTAssertEqual(limits.maxFrameBytes, 25 + 8 * (53 + 400 + 4_000 + 1))

        var random = TestRandom(seed: 6)
        let ids = random.sortedIDs(100)
        let records = (1 ... 8).map { i in
            HistoryRecord.dense(DenseCommit(sequence: UInt64(i), runID: 1, round: UInt64(i), seed: 1,
                                            learningRate: 1, contributors: ids, content: .delta,
                                            values: random.floats(1_000), meanBaseLoss: 0))
        }
        let chunk = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 8, isLast: true, records: records))
        XCTAssertEqual(chunk.encodedSize, limits.maxFrameBytes)
        XCTAssertNil(decodeError(chunk.encode(), limits: limits))
        // The dense AGGREGATE (8 bytes per value) fits too.
        let aggregate = Message.aggregate(Aggregate(runID: 1, round: 1, k: 10, p: 5, contributors: ids, kind: .final,
                                                    mode: .denseDelta, values: random.doubles(1_000), baseLoss: 1,
                                                    exampleCount: 100))
        XCTAssertEqual(aggregate.encodedSize, 50 + 8_000 + 1_200)
        XCTAssertNil(decodeError(aggregate.encode(), limits: limits))
        // A run with a single history record per chunk: the dense AGGREGATE is the largest.
        let oneRecord = DecodeLimits.forRun(k: 10, p: 5, participants: 100, dimension: 1_000, historyRecords: 1)
        XCTAssertEqual(oneRecord.maxFrameBytes, aggregate.encodedSize)
    }

    func testDefaultFrameLimitHoldsTheLargestDefaultDenseFrames() {
        let limits = DecodeLimits.default
        XCTAssertGreaterThanOrEqual(limits.maxFrameBytes,
                                    DenseCommit.encodedSize(contributorCount: limits.maxParticipants,
                                                            length: limits.maxDenseLength))
        XCTAssertGreaterThanOrEqual(limits.maxFrameBytes,
                                    Aggregate.encodedSize(valueCount: limits.maxDenseLength,
                                                          contributorCount: limits.maxParticipants))
    }

    func testMaximumFrameSizeSaturatesInsteadOfOverflowing() {
        XCTAssertEqual(unbounded.maximumFrameSize, Int.max)
        // Only the history records are unbounded: the chunk bound alone saturates.
        let manyRecords = DecodeLimits(maxScalars: 1, maxParticipants: 1, maxDenseLength: 1,
                                       maxHistoryRecords: Int.max, maxFrameBytes: 0)
        XCTAssertEqual(manyRecords.maximumFrameSize, Int.max)
    }
}
