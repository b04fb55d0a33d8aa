import SeedFLWire
import XCTest

/// Protocol rules: finite floats, K*P, sorted unique ids, enum ranges, sequence numbers.
final class ValidationTests: XCTestCase {
    /// Quiet NaN, negative NaN, signalling NaN with payload, and both infinities.
    private let nonFinite: [Float] = [.nan, Float(bitPattern: 0xFFC0_0000), Float(bitPattern: 0x7F80_0001),
                                      .infinity, -.infinity]
    /// The same kinds of binary64 value, for AGGREGATE.
    private let nonFiniteDoubles: [Double] = [.nan, Double(bitPattern: 0xFFF8_0000_0000_0000),
                                              Double(bitPattern: 0x7FF0_0000_0000_0001), .infinity, -.infinity]

    private var contribution: Contribution {
        Contribution(runID: 1, round: 2, baseSequence: 1, trainerID: 3, nonce: 4, k: 2, p: 2, scalars: [1, 2, 3, 4],
                     baseLoss: 0.5, exampleCount: 8)
    }

    private var aggregate: Aggregate {
        Aggregate(runID: 1, round: 2, k: 2, p: 1, contributors: [3, 5], kind: .final, mode: .seedScalars,
                  values: [1, 2], baseLoss: 0.5, exampleCount: 16)
    }

    private var denseAggregate: Aggregate {
        Aggregate(runID: 1, round: 2, k: 2, p: 1, contributors: [3, 5], kind: .partial, mode: .denseDelta,
                  values: [1, 2, 3, 4, 5], baseLoss: 1.5, exampleCount: 2)
    }

    private var commit: RoundCommit {
        RoundCommit(sequence: 1, runID: 1, round: 2, seed: 3, k: 1, p: 3, learningRate: 0.01,
                    scalars: [1, 2, 3], contributors: [2, 7], meanBaseLoss: 0.5)
    }

    private var denseContribution: DenseContribution {
        DenseContribution(runID: 1, round: 2, baseSequence: 1, trainerID: 3, nonce: 4, baseLoss: 0.5,
                          exampleCount: 1, values: [1, 2, 3])
    }

    private var denseCommit: DenseCommit {
        DenseCommit(sequence: 1, runID: 1, round: 2, seed: 3, learningRate: 0.1, contributors: [1], content: .model,
                    values: [1, 2, 3], meanBaseLoss: 0.5)
    }

    private var roundOpen: RoundOpen {
        RoundOpen(runID: 1, round: 2, seed: 3, k: 2, p: 2, participants: [1, 2, 3], deadlineUnixMilliseconds: 4,
                  baseSequence: 1, mode: .seedScalars)
    }

    /// Every float field of every message, with each non-finite value, is refused by the
    /// decoder with `nonFinite` naming that field.
    func testNonFiniteInEachFloatFieldIsRefusedByName() {
        for (bad, badDouble) in zip(nonFinite, nonFiniteDoubles) {
            var cases: [(Message, String)] = []
            var c = contribution; c.baseLoss = bad; cases.append((.contribution(c), "Contribution.baseLoss"))
            c = contribution; c.scalars[3] = bad; cases.append((.contribution(c), "Contribution.scalars[3]"))
            var a = aggregate; a.baseLoss = badDouble; cases.append((.aggregate(a), "Aggregate.baseLoss"))
            a = aggregate; a.values[0] = badDouble; cases.append((.aggregate(a), "Aggregate.values[0]"))
            a = denseAggregate; a.baseLoss = badDouble; cases.append((.aggregate(a), "Aggregate.baseLoss"))
            a = denseAggregate; a.values[4] = badDouble; cases.append((.aggregate(a), "Aggregate.values[4]"))
            var r = commit; r.learningRate = bad; cases.append((.roundCommit(r), "RoundCommit.learningRate"))
            r = commit; r.scalars[1] = bad; cases.append((.roundCommit(r), "RoundCommit.scalars[1]"))
            r = commit; r.meanBaseLoss = bad; cases.append((.roundCommit(r), "RoundCommit.meanBaseLoss"))
            var good = commit; good.sequence = 1
            r = commit; r.sequence = 2; r.scalars[2] = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true,
                                                     records: [.commit(good), .commit(r)])),
                          "HistoryChunk.records[1].scalars[2]"))
            r = commit; r.meanBaseLoss = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true,
                                                     records: [.commit(r)])),
                          "HistoryChunk.records[0].meanBaseLoss"))
            var denseRecord = denseCommit; denseRecord.sequence = 2; denseRecord.values[1] = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true,
                                                     records: [.commit(good), .dense(denseRecord)])),
                          "HistoryChunk.records[1].values[1]"))
            denseRecord = denseCommit; denseRecord.meanBaseLoss = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true,
                                                     records: [.dense(denseRecord)])),
                          "HistoryChunk.records[0].meanBaseLoss"))
            denseRecord = denseCommit; denseRecord.learningRate = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true,
                                                     records: [.dense(denseRecord)])),
                          "HistoryChunk.records[0].learningRate"))
            var dc = denseContribution; dc.baseLoss = bad
            cases.append((.denseContribution(dc), "DenseContribution.baseLoss"))
            dc = denseContribution; dc.values[2] = bad
            cases.append((.denseContribution(dc), "DenseContribution.values[2]"))
            var dm = denseCommit; dm.learningRate = bad; cases.append((.denseCommit(dm), "DenseCommit.learningRate"))
            dm = denseCommit; dm.values[0] = bad; cases.append((.denseCommit(dm), "DenseCommit.values[0]"))
            dm = denseCommit; dm.meanBaseLoss = bad; cases.append((.denseCommit(dm), "DenseCommit.meanBaseLoss"))

            for (message, field) in cases {
                XCTAssertEqual(decodeError(message.encode()), .nonFinite(field: field),
                               "\(field) = \(bad.bitPattern)")
                XCTAssertThrowsError(try message.validate(), field)
            }
        }
    }

    func testScalarCountMustBeKTimesP() {
        var c = contribution
        c.scalars.removeLast()
        XCTAssertEqual(decodeError(Message.contribution(c).encode()),
                       .countMismatch(field: "Contribution.scalars", found: 3, expected: 4))
        c = contribution
        c.k = 3
        XCTAssertEqual(decodeError(Message.contribution(c).encode()),
                       .countMismatch(field: "Contribution.scalars", found: 4, expected: 6))
        var a = aggregate
        a.values.append(0)
        XCTAssertEqual(decodeError(Message.aggregate(a).encode()),
                       .countMismatch(field: "Aggregate.values", found: 3, expected: 2))
        // A dense aggregate's count is the dimension, unrelated to K*P (here 5 != 2).
        XCTAssertNil(decodeError(Message.aggregate(denseAggregate).encode()))
        // The same values labelled seed scalars are refused.
        a = denseAggregate
        a.mode = .seedScalars
        XCTAssertEqual(decodeError(Message.aggregate(a).encode()),
                       .countMismatch(field: "Aggregate.values", found: 5, expected: 2))
        var r = commit
        r.p = 1
        XCTAssertEqual(decodeError(Message.roundCommit(r).encode()),
                       .countMismatch(field: "RoundCommit.scalars", found: 3, expected: 1))
    }

    func testKAndPMustBeAtLeastOne() {
        var c = contribution
        c.k = 0
        c.scalars = []
        XCTAssertEqual(decodeError(Message.contribution(c).encode()),
                       .invalidValue(field: "Contribution.k", reason: "must be at least 1, got 0"))
        var o = roundOpen
        o.p = 0
        XCTAssertEqual(decodeError(Message.roundOpen(o).encode()),
                       .invalidValue(field: "RoundOpen.p", reason: "must be at least 1, got 0"))
        var a = aggregate
        a.p = 0
        guard case .invalidValue(field: "Aggregate.p", _)? = decodeError(Message.aggregate(a).encode()) else {
            return XCTFail()
        }
    }

    func testIDListsMustBeStrictlyIncreasing() {
        var o = roundOpen
        o.participants = [1, 3, 2]
        XCTAssertEqual(decodeError(Message.roundOpen(o).encode()),
                       .invalidValue(field: "RoundOpen.participants",
                                     reason: "ids must be strictly increasing: 2 follows 3 at index 2"))
        o.participants = [1, 5, 5]
        XCTAssertEqual(decodeError(Message.roundOpen(o).encode()),
                       .invalidValue(field: "RoundOpen.participants", reason: "duplicate id 5 at index 2"))
        var a = aggregate
        a.contributors = [5, 3]
        guard case .invalidValue(field: "Aggregate.contributors", _)? = decodeError(Message.aggregate(a).encode())
        else { return XCTFail("aggregate") }
        var r = commit
        r.contributors = [2, 2]
        guard case .invalidValue(field: "RoundCommit.contributors", _)? = decodeError(Message.roundCommit(r).encode())
        else { return XCTFail("commit") }
        var d = denseCommit
        d.contributors = [UInt32.max, 0]
        guard case .invalidValue(field: "DenseCommit.contributors", _)? = decodeError(Message.denseCommit(d).encode())
        else { return XCTFail("dense commit") }
    }

    func testRequiredArraysMustNotBeEmpty() {
        var o = roundOpen
        o.participants = []
        XCTAssertEqual(decodeError(Message.roundOpen(o).encode()),
                       .countOutOfRange(field: "RoundOpen.participants", value: 0, limit: 1))
        var r = commit
        r.contributors = []
        XCTAssertEqual(decodeError(Message.roundCommit(r).encode()),
                       .countOutOfRange(field: "RoundCommit.contributors", value: 0, limit: 1))
        var d = denseContribution
        d.values = []
        XCTAssertEqual(decodeError(Message.denseContribution(d).encode()),
                       .countOutOfRange(field: "DenseContribution.values", value: 0, limit: 1))
        var a = denseAggregate
        a.values = []
        XCTAssertEqual(decodeError(Message.aggregate(a).encode()),
                       .countOutOfRange(field: "Aggregate.values", value: 0, limit: 1))
        a = denseAggregate
        a.contributors = []
        a.nonces = []
        a.exampleCount = 0
        XCTAssertEqual(decodeError(Message.aggregate(a).encode()),
                       .countOutOfRange(field: "Aggregate.contributors", value: 0, limit: 1))
        var m = denseCommit
        m.values = []
        XCTAssertEqual(decodeError(Message.denseCommit(m).encode()),
                       .countOutOfRange(field: "DenseCommit.values", value: 0, limit: 1))
    }

    func testEnumValuesOutOfRange() {
        let cases: [(Message, Int, String)] = [
            (Fixtures.small()[1], 4, "Heartbeat.role"),
            (Fixtures.small()[2], 48, "RoundOpen.mode"),
            (Fixtures.small()[3], 20, "RoundAbort.reason"),
            (Fixtures.small()[5], 24, "Aggregate.kind"),
            (Fixtures.small()[5], 25, "Aggregate.mode"),
            (Fixtures.small()[11], 25, "Aggregate.mode"),
            (Fixtures.small()[8], 20, "HistoryChunk.isLast"),
            (Fixtures.small()[8], 25, "HistoryChunk.records[0].type"),
            (Fixtures.small()[10], 44, "DenseCommit.content"),
        ]
        for (message, offset, field) in cases {
            // 5 and 0xFF name no value of any of these enumerations; 5 is also a message type
            // (CONTRIBUTION) that is not a history record type.
            for raw: UInt8 in [0, 5, 0xFF] where !(field == "HistoryChunk.isLast" && raw == 0) {
                var bytes = message.encode()
                bytes[offset] = raw
                XCTAssertEqual(decodeError(bytes), .unknownEnumValue(field: field, raw: raw), field)
            }
        }
    }

    func testSequenceNumbersAndLearningRate() {
        var r = commit
        r.sequence = 0
        guard case .invalidValue(field: "RoundCommit.sequence", _)? = decodeError(Message.roundCommit(r).encode())
        else { return XCTFail() }
        for rate: Float in [0, -0.0, -1] {
            r = commit
            r.learningRate = rate
            guard case .invalidValue(field: "RoundCommit.learningRate", _)? = decodeError(Message.roundCommit(r).encode())
            else { return XCTFail("\(rate)") }
            var d = denseCommit
            d.learningRate = rate
            guard case .invalidValue(field: "DenseCommit.learningRate", _)? = decodeError(Message.denseCommit(d).encode())
            else { return XCTFail("\(rate)") }
        }
    }

    func testExampleCounts() {
        var c = contribution
        c.exampleCount = 0
        guard case .invalidValue(field: "Contribution.exampleCount", _)? = decodeError(Message.contribution(c).encode())
        else { return XCTFail() }
        var a = aggregate
        a.exampleCount = 1
        guard case .invalidValue(field: "Aggregate.exampleCount", _)? = decodeError(Message.aggregate(a).encode())
        else { return XCTFail() }
        a = denseAggregate
        a.exampleCount = 1
        guard case .invalidValue(field: "Aggregate.exampleCount", _)? = decodeError(Message.aggregate(a).encode())
        else { return XCTFail("dense") }
        var d = denseContribution
        d.exampleCount = 0
        guard case .invalidValue(field: "DenseContribution.exampleCount", _)?
            = decodeError(Message.denseContribution(d).encode())
        else { return XCTFail("dense contribution") }
    }

    func testHistoryRequestNeedsAtLeastOneRecord() {
        XCTAssertEqual(decodeError(Message.historyRequest(HistoryRequest(runID: 1, afterSequence: 0, maxRecords: 0))
                .encode()),
            .invalidValue(field: "HistoryRequest.maxRecords", reason: "must be at least 1, got 0"))
    }

    /// Order, run and bound rules hold across both record kinds: a dense record must follow
    /// a seed-scalar record's sequence number and vice versa.
    func testHistoryChunkRecordOrderRunAndBound() {
        func chunk(_ records: [HistoryRecord], latest: UInt64 = 10) -> [UInt8] {
            Message.historyChunk(HistoryChunk(runID: 1, latestSequence: latest, isLast: false, records: records))
                .encode()
        }
        func commit(_ sequence: UInt64, run: UInt64 = 1) -> HistoryRecord {
            var record = self.commit
            record.sequence = sequence
            record.runID = run
            return .commit(record)
        }
        func dense(_ sequence: UInt64, run: UInt64 = 1) -> HistoryRecord {
            var record = denseCommit
            record.sequence = sequence
            record.runID = run
            return .dense(record)
        }
        XCTAssertNil(decodeError(chunk([commit(3), dense(4), commit(7), dense(10)])))
        let refused: [([HistoryRecord], UInt64, String, String)] = [
            ([commit(3), commit(3)], 10, "HistoryChunk.records[1].sequence", "duplicate sequence"),
            ([commit(3), dense(3)], 10, "HistoryChunk.records[1].sequence", "duplicate across kinds"),
            ([dense(3), commit(2)], 10, "HistoryChunk.records[1].sequence", "decreasing across kinds"),
            ([commit(3), dense(2)], 10, "HistoryChunk.records[1].sequence", "decreasing across kinds"),
            ([commit(3)], 2, "HistoryChunk.records[0].sequence", "beyond latest"),
            ([commit(1), dense(3)], 2, "HistoryChunk.records[1].sequence", "dense beyond latest"),
            ([commit(1, run: 2)], 10, "HistoryChunk.records[0].runID", "other run"),
            ([commit(1), dense(2, run: 2)], 10, "HistoryChunk.records[1].runID", "dense of other run"),
            ([commit(0)], 10, "HistoryChunk.records[0].sequence", "sequence 0"),
            ([dense(0)], 10, "HistoryChunk.records[0].sequence", "dense sequence 0"),
        ]
        for (records, latest, field, what) in refused {
            guard case .invalidValue(field: field, _)? = decodeError(chunk(records, latest: latest)) else {
                XCTFail(what)
                continue
            }
        }
    }

    func testNestedRecordCountErrorsNameTheRecord() {
        let limits = DecodeLimits(maxScalars: 2, maxParticipants: 10, maxDenseLength: 2, maxHistoryRecords: 10,
                                  maxFrameBytes: 1 << 20)
        var dense = denseCommit
        dense.sequence = 2
        var bytes = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 10, isLast: false,
                                                      records: [.commit(commit)])).encode()
        XCTAssertEqual(decodeError(bytes, limits: limits),
                       .countOutOfRange(field: "HistoryChunk.records[0].scalars", value: 3, limit: 2))
        var small = commit
        small.p = 2
        small.scalars = [1, 2]
        bytes = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 10, isLast: false,
                                                  records: [.commit(small), .dense(dense)])).encode()
        XCTAssertEqual(decodeError(bytes, limits: limits),
                       .countOutOfRange(field: "HistoryChunk.records[1].values", value: 3, limit: 2))
    }
}
