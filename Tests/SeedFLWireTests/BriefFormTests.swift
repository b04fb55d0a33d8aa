import SeedFLWire
import XCTest

/// The brief forms of ROUND_OPEN, ROUND_COMMIT and CONTRIBUTION (docs/protocol.md, "Brief
/// forms"): they round-trip to the full messages under the binding, are as small as the
/// documented layout says, go out in full when they disagree with the binding, and are
/// refused without one, truncated, with trailing bytes or with non-canonical varints.
final class BriefFormTests: XCTestCase {
    private let binding = RunBinding(runID: 7, k: 1, p: 5, mode: .seedScalars, roundTimeoutMilliseconds: 5000,
                                     seed: { $0 &* 0x9E37_79B9_7F4A_7C15 }, now: { 1_000_000 })
    private var limits: DecodeLimits {
        var l = DecodeLimits.forRun(k: 1, p: 5, participants: 8)
        l.binding = binding
        return l
    }

    private func open(round: UInt64 = 2999, base: UInt64 = 2998, participants: [UInt32] = [3, 6]) -> RoundOpen {
        RoundOpen(runID: 7, round: round, seed: binding.seed(round), k: 1, p: 5, participants: participants,
                  deadlineUnixMilliseconds: 1_005_000, baseSequence: base, mode: .seedScalars)
    }
    private func commit(sequence: UInt64 = 2998, round: UInt64 = 2999) -> RoundCommit {
        RoundCommit(sequence: sequence, runID: 7, round: round, seed: binding.seed(round), k: 1, p: 5, learningRate: 1e-3,
                    scalars: [0.5, -1, 2, 1e-9, -3], contributors: [3, 6], meanBaseLoss: 0.69)
    }
    private func contribution() -> Contribution {
        Contribution(runID: 7, round: 2999, baseSequence: 2998, trainerID: 6, nonce: 0xDEAD_BEEF_0123_4567, k: 1, p: 5,
                     scalars: [1, 2, 3, 4, 5], baseLoss: 0.7, exampleCount: 32)
    }

    func testBriefFormsRoundTripToTheFullMessagesAtTheDocumentedSizes() throws {
        for (message, size, full) in [(Message.roundOpen(open()), 10, 61), (.roundCommit(commit()), 38, 84),
                                      (.contribution(contribution()), 41, 76)] {
            let brief = message.encode(binding: binding)
            XCTAssertEqual(brief.count, size, "\(message.type)")
            XCTAssertEqual(message.encode().count, full, "\(message.type)")
            XCTAssertTrue(MessageType(rawValue: brief[3])!.isBrief)
            XCTAssertEqual(try Message.decode(brief, limits: limits), message)
            // Without a binding nothing can fill in what the frame leaves out.
            XCTAssertThrowsError(try Message.decode(brief, limits: .default))
            XCTAssertThrowsError(try Message.decode(Array(brief.dropLast()), limits: limits))
            XCTAssertThrowsError(try Message.decode(brief + [0], limits: limits))
        }
        // Paper scale (3,000 rounds, 2 of 8 sampled, K = 1, P = 5): 48 B down every round,
        // 41 B up a quarter of them, about 0.175 MB per trainer.
        XCTAssertEqual(3000 * (10 + 38) + 750 * 41, 174_750)
    }

    func testWhatDisagreesWithTheBindingGoesOutInFull() throws {
        var foreign = commit()
        foreign.seed &+= 1
        var otherRun = contribution()
        otherRun.runID = 8
        var shape = open()
        shape.p = 4
        for message in [Message.roundCommit(foreign), .contribution(otherRun), .roundOpen(shape),
                        .roundOpen(open(round: 5, base: 5)), .heartbeat(Heartbeat(role: .broker, senderID: 0, runID: 7,
                                                                                   latestSequence: 1, round: 1,
                                                                                   unixTimeMilliseconds: 1))] {
            XCTAssertEqual(message.encode(binding: binding), message.encode(), "\(message)")
        }
    }

    func testIDsAndLargeValuesSurviveAndBadVarintsAreRefused() throws {
        let wide = open(round: UInt64(UInt32.max) + 10, base: 1, participants: [0, 1, 2, 7, 1000, UInt32.max])
        var l = limits
        l.maxParticipants = 16
        XCTAssertEqual(try Message.decode(Message.roundOpen(wide).encode(binding: binding), limits: l), .roundOpen(wide))
        // Header, then round as the overlong varint 0x81 0x00 (1 written in two bytes).
        let header: [UInt8] = [0x53, 0x46, 0x01, MessageType.roundOpenBrief.rawValue]
        XCTAssertThrowsError(try Message.decode(header + [0x81, 0x00, 0x01, 0x00], limits: l)) { error in
            XCTAssert("\(error)".contains("shortest form"), "\(error)")
        }
        XCTAssertThrowsError(try Message.decode(header + [UInt8](repeating: 0xFF, count: 11), limits: l))
        // A base gap of 0 (base == round) and more participants than the limit.
        XCTAssertThrowsError(try Message.decode(header + [0x05, 0x00, 0x00], limits: l))
        XCTAssertThrowsError(try Message.decode(header + [0x05, 0x01, 0x11] + [UInt8](repeating: 0, count: 17), limits: l))
    }

    func testAFuzzedBriefFrameNeverTraps() {
        var random = TestRandom(seed: 99)
        let frames = [Message.roundOpen(open()), .roundCommit(commit()), .contribution(contribution())]
            .map { $0.encode(binding: binding) }
        for i in 0..<20_000 {
            var frame = frames[i % 3]
            for _ in 0..<(1 + random.below(3)) { frame[4 + random.below(frame.count - 4)] = random.byte() }
            if random.below(4) == 0 { frame = Array(frame.prefix(4 + random.below(frame.count - 4))) }
            _ = try? Message.decode(frame, limits: limits)
        }
    }
}
