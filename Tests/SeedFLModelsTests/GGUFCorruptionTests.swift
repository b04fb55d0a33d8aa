#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
@testable import SeedFLModels

/// Corrupt and truncated files must produce a `GGUFError` that says what and
/// where, never a crash.
final class GGUFCorruptionTests: XCTestCase {
    private var directory: GGUFTemporaryDirectory!

    override func setUpWithError() throws {
        directory = try GGUFTemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    private func u64(_ v: UInt64) -> [UInt8] { var o: [UInt8] = []; GGUFFixture.append(v, to: &o); return o }
    private func u32(_ v: UInt32) -> [UInt8] { var o: [UInt8] = []; GGUFFixture.append(v, to: &o); return o }

    /// Opens `bytes` and returns the error it must produce.
    private func error(opening bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> GGUFError? {
        let path = try directory.write(bytes)
        do {
            _ = try GGUFFile(path: path)
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func error(opening fixture: GGUFFixture, file: StaticString = #filePath, line: UInt = #line) throws -> GGUFError? {
        try error(opening: fixture.bytes(), file: file, line: line)
    }

    /// A realistic small file: several metadata types, quantised and plain tensors.
    private var validFixture: GGUFFixture {
        var fixture = GGUFFixture()
        fixture.metadata = [
            ("general.architecture", .string("llama")),
            ("llama.block_count", .u32(1)),
            ("tokenizer.ggml.tokens", .array(typeCode: 8, [.string("a"), .string("Ġb")])),
            ("scale", .f32(0.5)),
        ]
        fixture.tensors = [
            .init(name: "token_embd.weight", dimensions: [32, 1], typeCode: 8,
                  data: GGUFFixture.q8_0Block(dBits: 0x3C00, quants: Array(repeating: 1, count: 32))),
            .init(name: "blk.0.attn_q.weight", dimensions: [32], typeCode: 3,
                  data: GGUFFixture.q4_1Block(dBits: 0x3C00, mBits: 0, quants: Array(repeating: 2, count: 32))),
            .init(name: "output_norm.weight", dimensions: [2], typeCode: 0, data: GGUFFixture.f32Data([1, 2])),
        ]
        return fixture
    }

    func testValidFixtureOpens() throws {
        let file = try GGUFFile(path: directory.write(validFixture.bytes()))
        XCTAssertEqual(file.tensors.count, 3)
        XCTAssertEqual(try file.dequantize("output_norm.weight"), [1, 2])
    }

    /// Parses in memory with the same validation `GGUFFile.init` runs after
    /// mapping the file, so that hundreds of variants take milliseconds.
    private func parseError(_ bytes: [UInt8]) -> GGUFError? {
        bytes.withUnsafeBytes { raw -> GGUFError? in
            do throws(GGUFError) {
                _ = try GGUFParser.parse(raw)
                return nil
            } catch {
                return error
            }
        }
    }

    func testEveryTruncationIsATypedError() throws {
        let bytes = validFixture.bytes()
        let lastTensorEnd = bytes.count - 24  // the f32 tensor is 8 bytes, then 24 bytes of padding
        for length in 0 ..< lastTensorEnd {
            switch parseError(Array(bytes[..<length])) {
            case .truncated, .implausibleCount, .tensorDataOutOfBounds: break
            case let other: XCTFail("length \(length): unexpected \(String(describing: other))")
            }
        }
        XCTAssertNil(parseError(Array(bytes[..<lastTensorEnd])), "the padding after the last tensor is optional")
        // The same holds through the mapped-file path.
        XCTAssertEqual(try error(opening: Array(bytes[..<100])), parseError(Array(bytes[..<100])))
    }

    func testTruncationMessagesSayWhatAndWhere() throws {
        XCTAssertEqual(try error(opening: []), .truncated(what: "magic", offset: 0, needed: 4, fileSize: 0))
        let bytes = validFixture.bytes()
        XCTAssertEqual(try error(opening: Array(bytes[..<10])),
                       .truncated(what: "tensor count", offset: 8, needed: 8, fileSize: 10))
        // Cut inside the tensor data: the header parses, the data does not fit.
        guard case let .tensorDataOutOfBounds(tensor, _, _, _) = try error(opening: Array(bytes[..<(bytes.count - 30)])) else {
            return XCTFail("expected tensorDataOutOfBounds")
        }
        XCTAssertEqual(tensor, "output_norm.weight")
    }

    func testImplausibleCounts() throws {
        var bytes = validFixture.bytes()
        bytes.replaceSubrange(16 ..< 24, with: u64(.max))
        XCTAssertEqual(try error(opening: bytes), .implausibleCount(what: "metadata count", value: .max, offset: 16))

        bytes = validFixture.bytes()
        bytes.replaceSubrange(8 ..< 16, with: u64(1 << 40))
        XCTAssertEqual(try error(opening: bytes), .implausibleCount(what: "tensor count", value: 1 << 40, offset: 8))

        var fixture = GGUFFixture()
        fixture.metadata = [("k", .raw(typeCode: 9, bytes: u32(4) + u64(1 << 40)))]
        XCTAssertEqual(try error(opening: fixture),
                       .implausibleCount(what: "array count of 'k'", value: 1 << 40, offset: 41))

        fixture.metadata = [("k", .raw(typeCode: 8, bytes: u64(1 << 50)))]
        guard case .truncated(what: "value of 'k'", offset: 45, needed: 1 << 50, _) = try error(opening: fixture) else {
            return XCTFail("expected truncated string")
        }
    }

    func testUnknownValueTypesNameTheKey() throws {
        var fixture = GGUFFixture()
        fixture.metadata = [("k", .raw(typeCode: 13, bytes: []))]
        XCTAssertEqual(try error(opening: fixture), .unknownValueType(rawValue: 13, key: "k", offset: 33))

        fixture.metadata = [("good", .u8(1)), ("arr", .raw(typeCode: 9, bytes: u32(99) + u64(0)))]
        guard case .unknownValueType(rawValue: 99, key: "arr", _) = try error(opening: fixture) else {
            return XCTFail("expected unknown array element type")
        }
    }

    func testUnsupportedTensorTypeNamesTensorAndType() throws {
        var fixture = validFixture
        fixture.tensors[1].typeCode = 14
        XCTAssertEqual(try error(opening: fixture),
                       .unsupportedTensorType(tensor: "blk.0.attn_q.weight", rawType: 14, typeName: "Q6_K"))
        fixture.tensors[1].typeCode = 999
        XCTAssertEqual(try error(opening: fixture),
                       .unsupportedTensorType(tensor: "blk.0.attn_q.weight", rawType: 999, typeName: "unknown"))
        XCTAssertTrue(GGUFError.unsupportedTensorType(tensor: "t", rawType: 14, typeName: "Q6_K")
            .description.contains("'t'"))
    }

    func testHeaderErrors() throws {
        var bytes = validFixture.bytes()
        bytes[3] = UInt8(ascii: "L")
        guard case .badMagic = try error(opening: bytes) else { return XCTFail("expected bad magic") }

        for version: UInt32 in [1, 4, 0x0300_0000] {
            var fixture = validFixture
            fixture.version = version
            XCTAssertEqual(try error(opening: fixture), .unsupportedVersion(version))
        }

        XCTAssertEqual(try error(opening: []), .truncated(what: "magic", offset: 0, needed: 4, fileSize: 0))
        XCTAssertThrowsError(try GGUFFile(path: directory.url.appendingPathComponent("absent.gguf").path)) { error in
            guard case .cannotOpen(_, "open", ENOENT) = error as? GGUFError else {
                return XCTFail("unexpected \(error)")
            }
        }
    }

    func testTensorDescriptionErrors() throws {
        var fixture = validFixture
        fixture.tensors[2].offsetOverride = 4
        XCTAssertEqual(try error(opening: fixture),
                       .misalignedTensorData(tensor: "output_norm.weight", offset: 4, alignment: 32))

        fixture = validFixture
        fixture.tensors[2].offsetOverride = 1 << 20
        guard case .tensorDataOutOfBounds(tensor: "output_norm.weight", _, _, _) = try error(opening: fixture) else {
            return XCTFail("expected out of bounds")
        }

        fixture.tensors[2].offsetOverride = UInt64.max & ~31
        guard case .tensorDataOutOfBounds(tensor: "output_norm.weight", _, _, _) = try error(opening: fixture) else {
            return XCTFail("expected out of bounds for a huge offset")
        }

        fixture = validFixture
        fixture.tensors[2].dimensions = [2, 0]
        XCTAssertEqual(try error(opening: fixture), .invalidDimensions(tensor: "output_norm.weight", dimensions: [2, 0]))

        fixture.tensors[2].dimensions = [1 << 40, 1 << 40]
        XCTAssertEqual(try error(opening: fixture),
                       .invalidDimensions(tensor: "output_norm.weight", dimensions: [1 << 40, 1 << 40]))

        fixture.tensors[2].dimensions = [1, 1, 1, 1, 1]
        XCTAssertEqual(try error(opening: fixture), .invalidDimensionCount(tensor: "output_norm.weight", count: 5))
        fixture.tensors[2].dimensions = []
        XCTAssertEqual(try error(opening: fixture), .invalidDimensionCount(tensor: "output_norm.weight", count: 0))

        fixture = validFixture
        fixture.tensors[0].dimensions = [16, 2]
        XCTAssertEqual(try error(opening: fixture),
                       .rowNotBlockAligned(tensor: "token_embd.weight", rowLength: 16, blockSize: 32))

        fixture = validFixture
        fixture.tensors[2].name = fixture.tensors[1].name
        XCTAssertEqual(try error(opening: fixture), .duplicateTensor("blk.0.attn_q.weight"))
    }

    func testMetadataValueErrors() throws {
        var fixture = GGUFFixture()
        fixture.metadata = [("k", .raw(typeCode: 8, bytes: u64(2) + [0xC3, 0x28]))]
        XCTAssertEqual(try error(opening: fixture), .invalidUTF8(what: "value of 'k'", offset: 45))

        fixture.metadata = [("k", .u8(1)), ("k", .u8(2))]
        XCTAssertEqual(try error(opening: fixture), .duplicateKey("k"))

        fixture.metadata = [("k", .raw(typeCode: 7, bytes: [2]))]
        guard case .invalidValue(key: "k", _) = try error(opening: fixture) else { return XCTFail("expected bad bool") }

        for alignment: GGUFFixture.Value in [.u32(48), .u32(0), .string("32")] {
            fixture.metadata = [("general.alignment", alignment)]
            guard case .invalidAlignment = try error(opening: fixture) else { return XCTFail("accepted \(alignment)") }
        }

        var nested: GGUFFixture.Value = .array(typeCode: 0, [])
        for _ in 0 ..< 9 { nested = .array(typeCode: 9, [nested]) }
        fixture.metadata = [("deep", nested)]
        guard case .arrayNestingTooDeep(key: "deep", _) = try error(opening: fixture) else {
            return XCTFail("expected nesting error")
        }
    }

    /// Random byte corruption of the header never crashes the reader: every
    /// outcome is either a parsed header whose tensors all decode, or a
    /// `GGUFError`.
    func testRandomHeaderCorruptionNeverCrashes() throws {
        let original = validFixture.bytes()
        let headerLength = try GGUFFile(path: directory.write(original)).dataOffset
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // splitmix64: deterministic, so a failure reproduces
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var failures = 0
        for _ in 0 ..< 2000 {
            var bytes = original
            for _ in 0 ... next() % 4 {
                bytes[Int(next() % UInt64(headerLength))] = UInt8(truncatingIfNeeded: next())
            }
            bytes.withUnsafeBytes { raw in
                do {
                    let header = try GGUFParser.parse(raw)
                    for tensor in header.tensors {
                        let start = header.dataOffset + tensor.offset
                        var output = [Float](repeating: 0, count: tensor.elementCount)
                        output.withUnsafeMutableBufferPointer { destination in
                            GGUFDequantizer.decode(
                                type: tensor.type, source: UnsafeRawBufferPointer(rebasing: raw[start ..< start + tensor.byteCount]),
                                elementCount: tensor.elementCount, into: destination)
                        }
                    }
                } catch {
                    failures += 1
                }
            }
        }
        XCTAssertGreaterThan(failures, 0, "corruption was detected at least sometimes")
    }
}
