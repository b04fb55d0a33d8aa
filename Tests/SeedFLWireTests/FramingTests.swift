import SeedFLWire
import XCTest

/// Header, truncation and trailing-byte handling.
final class FramingTests: XCTestCase {
    func testEveryProperPrefixIsTruncated() {
        // Every fixture small enough that checking all its prefixes stays fast (this includes
        // every message type and the edge-value fixtures without big arrays).
        for message in Fixtures.all where message.encodedSize <= 4_096 {
            let bytes = message.encode()
            for length in 0 ..< bytes.count {
                let error = decodeError(Array(bytes[..<length]))
                guard case let .truncated(needed, available) = error else {
                    XCTFail("\(message.type) prefix \(length): expected truncated, got \(String(describing: error))")
                    continue
                }
                XCTAssertEqual(available, length, "\(message.type) prefix \(length)")
                XCTAssertGreaterThan(needed, length, "\(message.type) prefix \(length)")
                XCTAssertLessThanOrEqual(needed, bytes.count, "\(message.type) prefix \(length)")
            }
        }
    }

    func testOneExtraByteIsTrailing() {
        for message in Fixtures.small() {
            for extra: UInt8 in [0, 0xFF] {
                XCTAssertEqual(decodeError(message.encode() + [extra]), .trailingBytes(count: 1), "\(message.type)")
            }
            XCTAssertEqual(decodeError(message.encode() + [1, 2, 3]), .trailingBytes(count: 3))
        }
    }

    func testWrongMagic() {
        var bytes = Fixtures.small()[0].encode()
        bytes[0] = 0x46
        bytes[1] = 0x53
        XCTAssertEqual(decodeError(bytes), .badMagic(found: (0x46, 0x53)))
        XCTAssertEqual(decodeError([0, 0, 0, 0]), .badMagic(found: (0, 0)))
    }

    func testWrongVersion() {
        for version: UInt8 in [0, 2, 0xFF] {
            var bytes = Fixtures.small()[0].encode()
            bytes[2] = version
            XCTAssertEqual(decodeError(bytes), .unsupportedVersion(found: version))
        }
    }

    func testUnknownType() {
        for type: UInt8 in [0, 0x11, 0x7F, 0xFF] {
            var bytes = Fixtures.small()[0].encode()
            bytes[3] = type
            XCTAssertEqual(decodeError(bytes), .unknownType(found: type))
        }
    }

    func testHeaderOnlyFramesOfEveryTypeAreTruncated() {
        // Brief types need a run binding first (BriefFormTests truncates them under one).
        for type in MessageType.allCases where !type.isBrief {
            guard case .truncated(needed: _, available: 4)? = decodeError([0x53, 0x46, 0x01, type.rawValue]) else {
                return XCTFail("\(type)")
            }
        }
    }

    func testFrameLargerThanLimitIsRefusedBeforeReading() {
        var limits = DecodeLimits.default
        limits.maxFrameBytes = 16
        // Garbage that would fail the magic check: the size check must come first.
        XCTAssertEqual(decodeError([UInt8](repeating: 0xEE, count: 17), limits: limits),
                       .frameTooLarge(size: 17, limit: 16))
        let hello = Fixtures.small()[0].encode()
        XCTAssertEqual(decodeError(hello, limits: limits), .frameTooLarge(size: 32, limit: 16))
        limits.maxFrameBytes = 32
        XCTAssertNil(decodeError(hello, limits: limits))
    }

    func testTrailingBytesInsideAHistoryRecord() {
        guard case let .historyChunk(chunk) = Fixtures.small()[8] else { return XCTFail("fixture order") }
        var bytes = Message.historyChunk(chunk).encode()
        // Grow the first record's length (after its type byte at 25) by one and insert a byte
        // after its body.
        let firstLength = Int(bytes[26]) | Int(bytes[27]) << 8
        bytes.put(UInt32(firstLength + 1), at: 26)
        bytes.insert(0, at: 30 + firstLength)
        XCTAssertEqual(decodeError(bytes), .trailingBytes(count: 1))
        // The same inside the second (dense) record.
        bytes = Message.historyChunk(chunk).encode()
        let second = 30 + firstLength
        XCTAssertEqual(bytes[second], MessageType.denseCommit.rawValue)
        let secondLength = Int(bytes[second + 1]) | Int(bytes[second + 2]) << 8
        bytes.put(UInt32(secondLength + 2), at: second + 1)
        bytes += [0, 0]
        XCTAssertEqual(decodeError(bytes), .trailingBytes(count: 2))
    }

    func testShortHistoryRecordLengthIsTruncatedAtRecordEnd() {
        guard case let .historyChunk(chunk) = Fixtures.small()[8] else { return XCTFail("fixture order") }
        var bytes = Message.historyChunk(chunk).encode()
        bytes.put(UInt32(10), at: 26)
        guard case let .truncated(_, available)? = decodeError(bytes) else { return XCTFail() }
        XCTAssertEqual(available, 30 + 10, "the record, not the frame, bounds the read")
    }

    func testErrorDescriptionsNameTheProblem() {
        XCTAssertEqual(WireError.nonFinite(field: "Contribution.scalars[2]").description,
                       "field Contribution.scalars[2]: value is not finite (NaN or infinity)")
        XCTAssertTrue(WireError.badMagic(found: (0x0A, 0xFF)).description.contains("0x0A 0xFF"))
        XCTAssertTrue(WireError.countOutOfRange(field: "RoundOpen.participants", value: 9, limit: 3)
            .description.contains("RoundOpen.participants"))
        XCTAssertTrue(WireError.truncated(needed: 48, available: 20).description.contains("48"))
    }
}
