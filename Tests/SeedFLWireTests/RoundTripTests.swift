import SeedFLWire
import XCTest

final class RoundTripTests: XCTestCase {
    func testEveryFixtureRoundTrips() throws {
        let messages = Fixtures.all
        // Every message type is covered, so a new type without a fixture fails here (the
        // brief forms decode to the full messages: BriefFormTests).
        XCTAssertEqual(Set(messages.map(\.type)), Set(MessageType.allCases.filter { !$0.isBrief }))
        for message in messages {
            let bytes = message.encode()
            let decoded = try Message.decode(bytes)
            XCTAssertEqual(decoded, message, "\(message.type)")
            // Float equality treats -0.0 == 0.0; the bytes show that bit patterns survive too.
            XCTAssertEqual(decoded.encode(), bytes, "\(message.type)")
        }
    }

    func testEncodedSizeIsExact() {
        for message in Fixtures.all {
            XCTAssertEqual(message.encodedSize, message.encode().count, "\(message.type)")
        }
    }

    func testHeaderIsMagicVersionType() {
        for message in Fixtures.small() {
            let bytes = message.encode()
            XCTAssertEqual(Array(bytes.prefix(4)), [0x53, 0x46, 0x01, message.type.rawValue])
        }
    }

    func testDecodeFromRawBufferMatchesArrayDecode() throws {
        for message in Fixtures.small() {
            let bytes = message.encode()
            let decoded = try bytes.withUnsafeBytes { try Message.decode($0) }
            XCTAssertEqual(decoded, message)
        }
    }

    func testDecodeFromSlicesAndNonContiguousCollections() throws {
        for message in Fixtures.small() {
            let bytes = message.encode()
            // A slice that does not start at index 0 of its base.
            let padded = [0xEE] + bytes + [0xEE]
            XCTAssertEqual(try Message.decode(padded[1 ..< padded.count - 1]), message)
            // A lazily mapped collection has no contiguous storage and takes the copying path.
            XCTAssertEqual(try Message.decode(bytes.lazy.map { $0 }), message)
        }
        let slice = Fixtures.small()[0].encode().dropLast()
        XCTAssertThrowsError(try Message.decode(slice)) { error in
            XCTAssertEqual(error as? WireError, .truncated(needed: 32, available: 31))
        }
    }

    func testNegativeZeroAndSubnormalBitsSurvive() throws {
        let scalars: [Float] = [-0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, Float.leastNormalMagnitude.nextDown]
        let message = Message.contribution(Contribution(runID: 1, round: 1, baseSequence: 0, trainerID: 1, nonce: 1,
                                                        k: 1, p: 4, scalars: scalars, baseLoss: -0.0, exampleCount: 1))
        guard case let .contribution(decoded) = try Message.decode(message.encode()) else {
            return XCTFail("wrong type")
        }
        XCTAssertEqual(decoded.scalars.map(\.bitPattern), scalars.map(\.bitPattern))
        XCTAssertEqual(decoded.baseLoss.bitPattern, (-0.0 as Float).bitPattern)
    }

    /// A dense AGGREGATE keeps every binary64 bit: the partial sums an edge forwards are
    /// exactly those it computed (values that binary32 could not hold included).
    func testDenseAggregateRoundTripsBitForBit() throws {
        let values: [Double] = [-0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude.nextDown, 0.1, 1e300,
                                Double(Float.greatestFiniteMagnitude) * 2, 1 + .ulpOfOne]
        for kind in AggregateKind.allCases {
            let aggregate = Aggregate(runID: 3, round: 9, k: 4, p: 2, contributors: [2, 5, 11], kind: kind,
                                      mode: .denseDelta, values: values, baseLoss: 2.0000000000000004,
                                      exampleCount: 3)
            guard case let .aggregate(decoded) = try Message.decode(Message.aggregate(aggregate).encode()) else {
                return XCTFail("wrong type")
            }
            XCTAssertEqual(decoded.mode, .denseDelta)
            XCTAssertEqual(decoded.kind, kind)
            XCTAssertEqual(decoded.values.map(\.bitPattern), values.map(\.bitPattern))
            XCTAssertEqual(decoded.baseLoss.bitPattern, aggregate.baseLoss.bitPattern)
            XCTAssertEqual(decoded, aggregate)
        }
    }

    /// A chunk may interleave both record kinds; each comes back as its own kind, in order.
    func testHistoryChunkMixingBothRecordKindsRoundTrips() throws {
        var random = TestRandom(seed: 12)
        let records: [HistoryRecord] = [
            .commit(Fixtures.commit(sequence: 1, random: &random)),
            .dense(Fixtures.denseCommit(sequence: 2, random: &random)),
            .dense(Fixtures.denseCommit(sequence: 4, length: 1, contributors: [9], random: &random)),
            .commit(Fixtures.commit(sequence: 7, k: 3, p: 1, contributors: [0], random: &random)),
        ]
        let chunk = HistoryChunk(runID: 7, latestSequence: 9, isLast: false, records: records)
        let bytes = Message.historyChunk(chunk).encode()
        XCTAssertEqual(bytes.count, HistoryChunk.fixedSize + records.map(\.encodedSize).reduce(0, +))
        guard case let .historyChunk(decoded) = try Message.decode(bytes) else { return XCTFail("wrong type") }
        XCTAssertEqual(decoded, chunk)
        XCTAssertEqual(decoded.records.map(\.sequence), [1, 2, 4, 7])
        XCTAssertEqual(decoded.records.map(\.type), [.roundCommit, .denseCommit, .denseCommit, .roundCommit])
        XCTAssertEqual(decoded.records.map(\.runID), [7, 7, 7, 7])
        XCTAssertEqual(decoded.records.map(\.round), [11, 12, 14, 17])
        guard case let .dense(dense) = decoded.records[1], case let .dense(original) = records[1] else {
            return XCTFail("record kind")
        }
        XCTAssertEqual(dense.seed, original.seed)
        XCTAssertEqual(dense.meanBaseLoss, original.meanBaseLoss)
    }

    /// The new baseSequence fields survive for every value, and sit at their documented offset.
    func testBaseSequenceFieldsRoundTrip() throws {
        for base: UInt64 in [0, 1, 0xFFFF_FFFF, 1 << 32, .max - 1, .max] {
            let open = RoundOpen(runID: 1, round: 2, seed: 3, k: 1, p: 1, participants: [4],
                                 deadlineUnixMilliseconds: 5, baseSequence: base, mode: .seedScalars)
            let contribution = Contribution(runID: 1, round: 2, baseSequence: base, trainerID: 4, nonce: 6, k: 1,
                                            p: 1, scalars: [0.5], baseLoss: 1, exampleCount: 1)
            let dense = DenseContribution(runID: 1, round: 2, baseSequence: base, trainerID: 4, nonce: 6, baseLoss: 1,
                                          exampleCount: 1, values: [0.5])
            let cases: [(Message, Int)] = [(.roundOpen(open), 36), (.contribution(contribution), 20),
                                           (.denseContribution(dense), 20)]
            for (message, offset) in cases {
                let bytes = message.encode()
                var expected = [UInt8](repeating: 0, count: 8)
                expected.put(base, at: 0)
                XCTAssertEqual(Array(bytes[offset ..< offset + 8]), expected, "\(message.type)")
                XCTAssertEqual(try Message.decode(bytes), message, "\(message.type)")
            }
            guard case let .roundOpen(o) = try Message.decode(Message.roundOpen(open).encode()),
                  case let .contribution(c) = try Message.decode(Message.contribution(contribution).encode()),
                  case let .denseContribution(d) = try Message.decode(Message.denseContribution(dense).encode())
            else { return XCTFail("wrong type") }
            XCTAssertEqual([o.baseSequence, c.baseSequence, d.baseSequence], [base, base, base])
        }
    }

    func testValidFixturesPassValidate() throws {
        for message in Fixtures.all {
            XCTAssertNoThrow(try message.validate(), "\(message.type)")
        }
    }
}
