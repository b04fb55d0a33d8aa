import SeedFLWire
import XCTest

/// Deterministic smoke fuzzing: random and mutated frames must decode or throw, never trap.
/// A trap would abort the test process, so completing is the main assertion; in addition,
/// every frame that *is* accepted must re-encode to exactly the same bytes (the encoding is
/// canonical, so a decoder that accepts something it would not produce has a bug).
final class FuzzTests: XCTestCase {
    private let iterations = 100_000

    /// Tight limits so random counts hit the limit checks as well as truncation.
    private let limits = DecodeLimits(maxScalars: 64, maxParticipants: 16, maxDenseLength: 64,
                                      maxHistoryRecords: 4, maxFrameBytes: 4_096)

    func testRandomByteStrings() {
        var random = TestRandom(seed: 0xF022)
        var accepted = 0
        for _ in 0 ..< iterations {
            var bytes = (0 ..< random.below(96)).map { _ in random.byte() }
            // Half the inputs get a valid header so the body parsers are exercised, not
            // only the magic check.
            if random.below(2) == 0, bytes.count >= 4 {
                bytes[0] = 0x53
                bytes[1] = 0x46
                bytes[2] = 0x01
                bytes[3] = UInt8(1 + random.below(MessageType.allCases.count))
            }
            accepted += checkCanonical(bytes)
        }
        // Random bodies of fixed-size messages are often valid; this keeps the test honest
        // that decoding really ran.
        XCTAssertGreaterThan(accepted, 0)
    }

    func testSingleByteMutationsOfValidFrames() {
        let corpus = Fixtures.small().map { $0.encode() }
        var random = TestRandom(seed: 0xB17E)
        var rejected = 0
        for _ in 0 ..< iterations {
            var bytes = corpus[random.below(corpus.count)]
            let position = random.below(bytes.count)
            switch random.below(3) {
            case 0: bytes[position] = random.byte()
            case 1: bytes[position] ^= UInt8(1) << UInt8(random.below(8))
            default: bytes[position] = [0x00, 0xFF, 0x7F, 0x80][random.below(4)]
            }
            if checkCanonical(bytes) == 0 { rejected += 1 }
        }
        XCTAssertGreaterThan(rejected, 0)
    }

    func testInsertionsAndDeletionsOfValidFrames() {
        let corpus = Fixtures.small().map { $0.encode() }
        var random = TestRandom(seed: 0x1D5E)
        for _ in 0 ..< iterations / 10 {
            var bytes = corpus[random.below(corpus.count)]
            let position = random.below(bytes.count)
            if random.below(2) == 0 {
                bytes.remove(at: position)
            } else {
                bytes.insert(random.byte(), at: position)
            }
            _ = checkCanonical(bytes)
        }
    }

    /// Returns 1 if `bytes` decoded (after checking it re-encodes identically), 0 if refused.
    private func checkCanonical(_ bytes: [UInt8]) -> Int {
        guard let message = try? Message.decode(bytes, limits: limits) else { return 0 }
        XCTAssertEqual(message.encode(), bytes)
        return 1
    }
}
