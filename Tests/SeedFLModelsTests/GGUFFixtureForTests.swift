import Foundation
import XCTest
@testable import SeedFLModels

/// Writes small GGUF files byte by byte, independently of the reader, so the
/// reader's tests compare it against the format as specified rather than
/// against itself.
struct GGUFFixture {
    enum Value: Sendable {
        case u8(UInt8), i8(Int8), u16(UInt16), i16(Int16), u32(UInt32), i32(Int32)
        case u64(UInt64), i64(Int64), f32(Float), f64(Double), bool(Bool), string(String)
        case array(typeCode: UInt32, [Value])
        /// A raw type code and payload, for writing invalid values.
        case raw(typeCode: UInt32, bytes: [UInt8])

        var typeCode: UInt32 {
            switch self {
            case .u8: return 0
            case .i8: return 1
            case .u16: return 2
            case .i16: return 3
            case .u32: return 4
            case .i32: return 5
            case .f32: return 6
            case .bool: return 7
            case .string: return 8
            case .array: return 9
            case .u64: return 10
            case .i64: return 11
            case .f64: return 12
            case let .raw(code, _): return code
            }
        }
    }

    struct Tensor {
        var name: String
        var dimensions: [UInt64]
        var typeCode: UInt32
        var data: [UInt8]
        /// Overrides the computed data offset (for corruption tests).
        var offsetOverride: UInt64?
    }

    var version: UInt32 = 3
    var metadata: [(String, Value)] = []
    var tensors: [Tensor] = []
    var alignment = 32

    /// Byte offset of the metadata count field (after magic, version, tensor count).
    static let metadataCountOffset = 16
    /// Byte offset of the tensor count field.
    static let tensorCountOffset = 8

    func bytes() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        Self.append(version, to: &out)
        Self.append(UInt64(tensors.count), to: &out)
        Self.append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            Self.appendString(key, to: &out)
            Self.append(value.typeCode, to: &out)
            Self.appendPayload(value, to: &out)
        }
        var offsets: [UInt64] = []
        var running: UInt64 = 0
        for tensor in tensors {
            offsets.append(tensor.offsetOverride ?? running)
            running += UInt64(tensor.data.count)
            running = (running + UInt64(alignment) - 1) / UInt64(alignment) * UInt64(alignment)
        }
        for (tensor, offset) in zip(tensors, offsets) {
            Self.appendString(tensor.name, to: &out)
            Self.append(UInt32(tensor.dimensions.count), to: &out)
            for d in tensor.dimensions { Self.append(d, to: &out) }
            Self.append(tensor.typeCode, to: &out)
            Self.append(offset, to: &out)
        }
        while out.count % alignment != 0 { out.append(0) }
        for tensor in tensors {
            out.append(contentsOf: tensor.data)
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    static func appendString(_ string: String, to out: inout [UInt8]) {
        append(UInt64(string.utf8.count), to: &out)
        out.append(contentsOf: string.utf8)
    }

    static func appendPayload(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case let .u8(v): append(v, to: &out)
        case let .i8(v): append(v, to: &out)
        case let .u16(v): append(v, to: &out)
        case let .i16(v): append(v, to: &out)
        case let .u32(v): append(v, to: &out)
        case let .i32(v): append(v, to: &out)
        case let .u64(v): append(v, to: &out)
        case let .i64(v): append(v, to: &out)
        case let .f32(v): append(v.bitPattern, to: &out)
        case let .f64(v): append(v.bitPattern, to: &out)
        case let .bool(v): out.append(v ? 1 : 0)
        case let .string(v): appendString(v, to: &out)
        case let .array(code, elements):
            append(code, to: &out)
            append(UInt64(elements.count), to: &out)
            for element in elements { appendPayload(element, to: &out) }
        case let .raw(_, bytes): out.append(contentsOf: bytes)
        }
    }

    // MARK: Block encoders (straight from the ggml layouts)

    /// One Q4_1 block: f16 d, f16 m, then byte j = q[j] | q[j+16] << 4.
    static func q4_1Block(dBits: UInt16, mBits: UInt16, quants: [UInt8]) -> [UInt8] {
        precondition(quants.count == 32 && quants.allSatisfy { $0 < 16 }, "test fixture misuse")
        var out: [UInt8] = []
        append(dBits, to: &out)
        append(mBits, to: &out)
        for j in 0 ..< 16 { out.append(quants[j] | quants[j + 16] << 4) }
        return out
    }

    /// One Q4_0 block: f16 d, then nibbles as in Q4_1.
    static func q4_0Block(dBits: UInt16, quants: [UInt8]) -> [UInt8] {
        precondition(quants.count == 32 && quants.allSatisfy { $0 < 16 }, "test fixture misuse")
        var out: [UInt8] = []
        append(dBits, to: &out)
        for j in 0 ..< 16 { out.append(quants[j] | quants[j + 16] << 4) }
        return out
    }

    /// One Q8_0 block: f16 d, then 32 signed bytes.
    static func q8_0Block(dBits: UInt16, quants: [Int8]) -> [UInt8] {
        precondition(quants.count == 32, "test fixture misuse")
        var out: [UInt8] = []
        append(dBits, to: &out)
        for q in quants { out.append(UInt8(bitPattern: q)) }
        return out
    }

    static func f32Data(_ values: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        for v in values { append(v.bitPattern, to: &out) }
        return out
    }

    static func u16Data(_ values: [UInt16]) -> [UInt8] {
        var out: [UInt8] = []
        for v in values { append(v, to: &out) }
        return out
    }
}

/// A scratch directory removed when the test case finishes.
final class GGUFTemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedfl-gguf-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to a fresh file and returns its path.
    func write(_ bytes: [UInt8], name: String = UUID().uuidString + ".gguf") throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// Finds the real SmolLM2 GGUF file under `assets/models/` of the repository.
enum GGUFAssetLocator {
    static let fileName = "SmolLM2-135M-Instruct.Q4_1.gguf"

    /// `<repo>/assets/models/<fileName>`, found from this source file's path
    /// with symlinks resolved (so it also works when the tests are linked
    /// into another package).
    static let expectedPath: String = {
        let testFile = URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath()
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("assets/models/\(fileName)").path
    }()

    /// The model's path, or a skip when it is absent; with
    /// `SEEDFL_REQUIRE_ASSETS=1` (as in CI after the fetch script) absence is a
    /// failure instead.
    static func smolLM2Path(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = expectedPath
        if FileManager.default.fileExists(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" {
            XCTFail("\(path) is missing and SEEDFL_REQUIRE_ASSETS=1", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        throw XCTSkip("\(fileName) not present at \(path); run the asset fetch script")
    }

    /// The real file and its tokenizer, opened once for all tests (opening
    /// and building the 49k-token tokenizer is the slow part of these tests).
    static let shared: Result<(GGUFFile, BPETokenizer), any Error>? = {
        let path = expectedPath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Result {
            let file = try GGUFFile(path: path)
            return (file, try BPETokenizer(gguf: file))
        }
    }()

    /// The shared real file and tokenizer, or a skip/failure as `smolLM2Path`.
    static func loaded(file: StaticString = #filePath, line: UInt = #line) throws -> (GGUFFile, BPETokenizer) {
        _ = try smolLM2Path(file: file, line: line)
        guard let shared else { throw XCTSkip("\(fileName) not present") }
        return try shared.get()
    }
}
