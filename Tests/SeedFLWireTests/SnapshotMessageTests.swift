import SeedFLWire
import XCTest

/// SNAPSHOT_REQUEST and SNAPSHOT_CHUNK: layout, and every protocol rule refused by name.
/// (Neither carries a float, so there is no NaN case; truncation, trailing bytes, fuzzing
/// and count limits are covered with the other messages through `Fixtures`.)
final class SnapshotMessageTests: XCTestCase {
    private let fingerprint = Fixtures.fingerprint

    private func chunk(sequence: UInt64 = 9, totalSize: UInt64 = 10, offset: UInt64 = 6, isLast: Bool = true,
                       fingerprint: String? = nil, bytes: [UInt8] = [1, 2, 3, 4]) -> SnapshotChunk {
        SnapshotChunk(runID: 7, sequence: sequence, totalSize: totalSize, offset: offset,
                      fingerprint: fingerprint ?? self.fingerprint, isLast: isLast, bytes: bytes)
    }

    private func error(_ value: SnapshotChunk, limits: DecodeLimits = .default) -> WireError? {
        decodeError(Message.snapshotChunk(value).encode(), limits: limits)
    }

    func testRequestLayout() {
        let bytes = Message.snapshotRequest(SnapshotRequest(runID: 7, sequence: 3, offset: 0x0102, maxBytes: 5)).encode()
        XCTAssertEqual(bytes.count, 32)
        XCTAssertEqual(Array(bytes[0 ..< 4]), [0x53, 0x46, 0x01, 0x0C])
        XCTAssertEqual(bytes[4], 7)
        XCTAssertEqual(bytes[12], 3)
        XCTAssertEqual(Array(bytes[20 ..< 22]), [0x02, 0x01])
        XCTAssertEqual(bytes[28], 5)
    }

    func testChunkLayout() {
        let value = chunk()
        let bytes = Message.snapshotChunk(value).encode()
        XCTAssertEqual(bytes.count, SnapshotChunk.fixedSize + 4)
        XCTAssertEqual(bytes.count, value.encodedSize)
        XCTAssertEqual(Array(bytes[0 ..< 4]), [0x53, 0x46, 0x01, 0x0D])
        XCTAssertEqual(bytes[12], 9)         // sequence
        XCTAssertEqual(bytes[20], 10)        // totalSize
        XCTAssertEqual(bytes[28], 6)         // offset
        XCTAssertEqual(String(decoding: bytes[36 ..< 100], as: UTF8.self), fingerprint)
        XCTAssertEqual(bytes[100], 1)        // isLast
        XCTAssertEqual(bytes[101], 4)        // byte count
        XCTAssertEqual(Array(bytes[105...]), [1, 2, 3, 4])
        XCTAssertEqual(try Message.decode(bytes), .snapshotChunk(value))
    }

    func testRequestRules() {
        func check(_ r: SnapshotRequest) -> WireError? { decodeError(Message.snapshotRequest(r).encode()) }
        XCTAssertNil(check(SnapshotRequest(runID: 1, sequence: 0, offset: 0, maxBytes: 1)))
        XCTAssertEqual(check(SnapshotRequest(runID: 1, sequence: 5, offset: 0, maxBytes: 0)),
                       .invalidValue(field: "SnapshotRequest.maxBytes", reason: "must be at least 1, got 0"))
        guard case .invalidValue(field: "SnapshotRequest.offset", _)? =
                check(SnapshotRequest(runID: 1, sequence: 0, offset: 3, maxBytes: 1)) else {
            return XCTFail("an offset into 'the latest' snapshot must be refused")
        }
    }

    func testFingerprintMustBe64LowercaseHexDigits() {
        for bad in [fingerprint.uppercased(), String(fingerprint.dropLast()), fingerprint + "0",
                    String(fingerprint.dropLast()) + "g", String(fingerprint.dropLast()) + " ", ""] {
            // validate(limits:) is what the decoder runs after parsing; a sender calls it to catch
            // its own bug (the encoder writes exactly 64 bytes, cutting a longer string).
            do {
                try chunk(fingerprint: bad).validate()
                XCTFail("fingerprint '\(bad)' accepted")
            } catch {
                guard case .invalidValue(field: "SnapshotChunk.fingerprint", _) = error else {
                    XCTFail("\(error)")
                    continue
                }
            }
        }
        // A NUL-padded or non-ASCII field on the wire is refused too, not reinterpreted.
        var bytes = Message.snapshotChunk(chunk()).encode()
        for patch: UInt8 in [0x00, 0xC3, 0x41, 0x2F, 0x3A, 0x60, 0x67] {
            bytes[60] = patch
            guard case .invalidValue(field: "SnapshotChunk.fingerprint", _)? = decodeError(bytes) else {
                XCTFail("fingerprint byte \(patch) accepted")
                continue
            }
        }
    }

    func testPiecePlaceRules() {
        XCTAssertNil(error(chunk()))
        XCTAssertNil(error(chunk(offset: 0, isLast: false)))
        guard case .invalidValue(field: "SnapshotChunk.isLast", _)? = error(chunk(isLast: false)) else {
            return XCTFail("a piece reaching the end must be last")
        }
        guard case .invalidValue(field: "SnapshotChunk.isLast", _)? = error(chunk(offset: 0, isLast: true)) else {
            return XCTFail("a piece before the end must not be last")
        }
        guard case .invalidValue(field: "SnapshotChunk.offset", _)? = error(chunk(offset: 7)) else {
            return XCTFail("a piece past the end must be refused")
        }
        guard case .invalidValue(field: "SnapshotChunk.offset", _)? =
                error(chunk(totalSize: .max, offset: .max - 1, isLast: true)) else {
            return XCTFail("offset + count overflowing must be refused")
        }
        XCTAssertEqual(error(chunk(totalSize: 6, isLast: true, bytes: [])),
                       .countOutOfRange(field: "SnapshotChunk.bytes", value: 0, limit: 1))
    }

    func testNoSnapshotAnswerIsEmptyInEveryField() {
        let none = SnapshotChunk.unavailable(runID: 7)
        XCTAssertNil(error(none))
        let variants = [
            chunk(sequence: 0, totalSize: 0, offset: 0, isLast: true, fingerprint: fingerprint, bytes: []),
            chunk(sequence: 0, totalSize: 1, offset: 0, isLast: true, fingerprint: SnapshotChunk.noFingerprint, bytes: []),
            chunk(sequence: 0, totalSize: 0, offset: 0, isLast: false, fingerprint: SnapshotChunk.noFingerprint, bytes: []),
            chunk(sequence: 0, totalSize: 1, offset: 0, isLast: true, fingerprint: SnapshotChunk.noFingerprint, bytes: [1]),
        ]
        for v in variants {
            guard case .invalidValue(field: "SnapshotChunk.sequence", _)? = error(v) else {
                XCTFail("\(v) accepted as 'no snapshot'")
                continue
            }
        }
    }

    func testByteCountIsBoundedByItsLimit() {
        var limits = DecodeLimits.default
        limits.maxSnapshotChunkBytes = 3
        XCTAssertEqual(error(chunk(), limits: limits),
                       .countOutOfRange(field: "SnapshotChunk.bytes", value: 4, limit: 3))
        limits.maxSnapshotChunkBytes = 4
        XCTAssertNil(error(chunk(), limits: limits))
    }

    func testRunLimitsMakeRoomForPiecesOnlyWhenAsked() {
        let plain = DecodeLimits.forRun(k: 1, p: 5, participants: 4)
        XCTAssertEqual(plain.maxSnapshotChunkBytes, 0)
        XCTAssertNil(decodeError(Message.snapshotChunk(.unavailable(runID: 1)).encode(), limits: plain))
        let trainer = DecodeLimits.forRun(k: 1, p: 5, participants: 4, snapshotChunkBytes: 1 << 20)
        XCTAssertEqual(trainer.maxFrameBytes, SnapshotChunk.encodedSize(byteCount: 1 << 20))
        let full = chunk(totalSize: 1 << 20, offset: 0, isLast: true, bytes: [UInt8](repeating: 7, count: 1 << 20))
        XCTAssertNil(error(full, limits: trainer))
        XCTAssertEqual(error(full, limits: plain), .frameTooLarge(size: full.encodedSize, limit: plain.maxFrameBytes))
    }
}
