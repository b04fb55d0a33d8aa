import SeedFLWire
import XCTest

final class RoundTripTests: XCTestCase {
    func testEveryFixtureRoundTrips() throws {
        let messages = Fixtures.all
        // Every message type is covered, so a new type without a fixture fails here.
        XCTAssertEqual(Set(messages.map(\.type)), Set(MessageType.allCases))
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
        let message = Message.contribution(Contribution(runID: 1, round: 1, trainerID: 1, nonce: 1, k: 1, p: 4,
                                                        scalars: scalars, baseLoss: -0.0, exampleCount: 1))
        guard case let .contribution(decoded) = try Message.decode(message.encode()) else {
            return XCTFail("wrong type")
        }
        XCTAssertEqual(decoded.scalars.map(\.bitPattern), scalars.map(\.bitPattern))
        XCTAssertEqual(decoded.baseLoss.bitPattern, (-0.0 as Float).bitPattern)
    }

    func testValidFixturesPassValidate() throws {
        for message in Fixtures.all {
            XCTAssertNoThrow(try message.validate(), "\(message.type)")
        }
    }
}
