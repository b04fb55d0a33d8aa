import SeedFLWire
import XCTest

/// Protocol rules: finite floats, K*P, sorted unique ids, enum ranges, sequence numbers.
final class ValidationTests: XCTestCase {
    /// Quiet NaN, negative NaN, signalling NaN with payload, and both infinities.
    private let nonFinite: [Float] = [.nan, Float(bitPattern: 0xFFC0_0000), Float(bitPattern: 0x7F80_0001),
                                      .infinity, -.infinity]

    private var contribution: Contribution {
        Contribution(runID: 1, round: 2, trainerID: 3, nonce: 4, k: 2, p: 2, scalars: [1, 2, 3, 4],
                     baseLoss: 0.5, exampleCount: 8)
    }

    private var aggregate: Aggregate {
        Aggregate(runID: 1, round: 2, k: 2, p: 1, contributors: [3, 5], kind: .final, values: [1, 2],
                  baseLoss: 0.5, exampleCount: 16)
    }

    private var commit: RoundCommit {
        RoundCommit(sequence: 1, runID: 1, round: 2, seed: 3, k: 1, p: 3, learningRate: 0.01,
                    scalars: [1, 2, 3], contributors: [2, 7], meanBaseLoss: 0.5)
    }

    private var denseContribution: DenseContribution {
        DenseContribution(runID: 1, round: 2, trainerID: 3, nonce: 4, baseLoss: 0.5, exampleCount: 1,
                          values: [1, 2, 3])
    }

    private var denseCommit: DenseCommit {
        DenseCommit(sequence: 1, runID: 1, round: 2, learningRate: 0.1, contributors: [1], content: .model,
                    values: [1, 2, 3])
    }

    private var roundOpen: RoundOpen {
        RoundOpen(runID: 1, round: 2, seed: 3, k: 2, p: 2, participants: [1, 2, 3], deadlineUnixMilliseconds: 4,
                  mode: .seedScalars)
    }

    /// Every float field of every message, with each non-finite value, is refused by the
    /// decoder with `nonFinite` naming that field.
    func testNonFiniteInEachFloatFieldIsRefusedByName() {
        for bad in nonFinite {
            var cases: [(Message, String)] = []
            var c = contribution; c.baseLoss = bad; cases.append((.contribution(c), "Contribution.baseLoss"))
            c = contribution; c.scalars[3] = bad; cases.append((.contribution(c), "Contribution.scalars[3]"))
            var a = aggregate; a.baseLoss = bad; cases.append((.aggregate(a), "Aggregate.baseLoss"))
            a = aggregate; a.values[0] = bad; cases.append((.aggregate(a), "Aggregate.values[0]"))
            var r = commit; r.learningRate = bad; cases.append((.roundCommit(r), "RoundCommit.learningRate"))
            r = commit; r.scalars[1] = bad; cases.append((.roundCommit(r), "RoundCommit.scalars[1]"))
            r = commit; r.meanBaseLoss = bad; cases.append((.roundCommit(r), "RoundCommit.meanBaseLoss"))
            var good = commit; good.sequence = 1
            r = commit; r.sequence = 2; r.scalars[2] = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true, records: [good, r])),
                          "HistoryChunk.records[1].scalars[2]"))
            r = commit; r.meanBaseLoss = bad
            cases.append((.historyChunk(HistoryChunk(runID: 1, latestSequence: 2, isLast: true, records: [r])),
                          "HistoryChunk.records[0].meanBaseLoss"))
            var dc = denseContribution; dc.baseLoss = bad
            cases.append((.denseContribution(dc), "DenseContribution.baseLoss"))
            dc = denseContribution; dc.values[2] = bad
            cases.append((.denseContribution(dc), "DenseContribution.values[2]"))
            var dm = denseCommit; dm.learningRate = bad; cases.append((.denseCommit(dm), "DenseCommit.learningRate"))
            dm = denseCommit; dm.values[0] = bad; cases.append((.denseCommit(dm), "DenseCommit.values[0]"))

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
    }

    func testEnumValuesOutOfRange() {
        let cases: [(Message, Int, String)] = [
            (Fixtures.small()[1], 4, "Heartbeat.role"),
            (Fixtures.small()[2], 40, "RoundOpen.mode"),
            (Fixtures.small()[3], 20, "RoundAbort.reason"),
            (Fixtures.small()[5], 24, "Aggregate.kind"),
            (Fixtures.small()[8], 20, "HistoryChunk.isLast"),
            (Fixtures.small()[10], 32, "DenseCommit.content"),
        ]
        for (message, offset, field) in cases {
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
    }

    func testHistoryRequestNeedsAtLeastOneRecord() {
        XCTAssertEqual(decodeError(Message.historyRequest(HistoryRequest(runID: 1, afterSequence: 0, maxRecords: 0))
                .encode()),
            .invalidValue(field: "HistoryRequest.maxRecords", reason: "must be at least 1, got 0"))
    }

    func testHistoryChunkRecordOrderRunAndBound() {
        var first = commit
        first.sequence = 3
        var second = commit
        second.sequence = 3
        func chunk(_ records: [RoundCommit], latest: UInt64 = 10) -> [UInt8] {
            Message.historyChunk(HistoryChunk(runID: 1, latestSequence: latest, isLast: false, records: records))
                .encode()
        }
        guard case .invalidValue(field: "HistoryChunk.records[1].sequence", _)? = decodeError(chunk([first, second]))
        else { return XCTFail("duplicate sequence") }
        second.sequence = 2
        guard case .invalidValue(field: "HistoryChunk.records[1].sequence", _)? = decodeError(chunk([first, second]))
        else { return XCTFail("decreasing sequence") }
        guard case .invalidValue(field: "HistoryChunk.records[0].sequence", _)? = decodeError(chunk([first], latest: 2))
        else { return XCTFail("beyond latest") }
        var otherRun = commit
        otherRun.runID = 2
        guard case .invalidValue(field: "HistoryChunk.records[0].runID", _)? = decodeError(chunk([otherRun]))
        else { return XCTFail("other run") }
        var zero = commit
        zero.sequence = 0
        guard case .invalidValue(field: "HistoryChunk.records[0].sequence", _)? = decodeError(chunk([zero]))
        else { return XCTFail("sequence 0") }
    }

    func testNestedRecordCountErrorsNameTheRecord() {
        let limits = DecodeLimits(maxScalars: 2, maxParticipants: 10, maxDenseLength: 10, maxHistoryRecords: 10,
                                  maxFrameBytes: 1 << 20)
        let bytes = Message.historyChunk(HistoryChunk(runID: 1, latestSequence: 10, isLast: false, records: [commit]))
            .encode()
        XCTAssertEqual(decodeError(bytes, limits: limits),
                       .countOutOfRange(field: "HistoryChunk.records[0].scalars", value: 3, limit: 2))
    }
}
