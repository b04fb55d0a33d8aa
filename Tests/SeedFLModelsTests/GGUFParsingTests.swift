import XCTest
@testable import SeedFLModels

final class GGUFParsingTests: XCTestCase {
    private var directory: GGUFTemporaryDirectory!

    override func setUpWithError() throws {
        directory = try GGUFTemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    private func open(_ fixture: GGUFFixture) throws -> GGUFFile {
        try GGUFFile(path: directory.write(fixture.bytes()))
    }

    func testParsesMetadataOfEveryValueType() throws {
        var fixture = GGUFFixture()
        fixture.metadata = [
            ("u8", .u8(200)), ("i8", .i8(-100)), ("u16", .u16(60000)), ("i16", .i16(-30000)),
            ("u32", .u32(4_000_000_000)), ("i32", .i32(-2_000_000_000)),
            ("u64", .u64(UInt64.max)), ("i64", .i64(Int64.min)),
            ("f32", .f32(1.5)), ("f64", .f64(-2.25)), ("yes", .bool(true)), ("no", .bool(false)),
            ("name", .string("héllo wörld 🙂")), ("empty", .string("")),
            ("words", .array(typeCode: 8, [.string("a b"), .string("Ġgreat"), .string("")])),
            ("ints", .array(typeCode: 5, [.i32(-1), .i32(0), .i32(7)])),
            ("nested", .array(typeCode: 9, [.array(typeCode: 0, [.u8(1), .u8(2)]), .array(typeCode: 0, [])])),
            ("floats", .array(typeCode: 6, [.f32(0.25), .f32(-8)])),
        ]
        let file = try open(fixture)

        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.metadataKeys, fixture.metadata.map(\.0))
        XCTAssertEqual(file.metadata["u8"], .uint8(200))
        XCTAssertEqual(file.metadata["i8"], .int8(-100))
        XCTAssertEqual(file.metadata["u16"], .uint16(60000))
        XCTAssertEqual(file.metadata["i16"], .int16(-30000))
        XCTAssertEqual(file.metadata["u32"], .uint32(4_000_000_000))
        XCTAssertEqual(file.metadata["i32"], .int32(-2_000_000_000))
        XCTAssertEqual(file.metadata["u64"], .uint64(UInt64.max))
        XCTAssertEqual(file.metadata["i64"], .int64(Int64.min))
        XCTAssertEqual(file.metadata["f32"], .float32(1.5))
        XCTAssertEqual(file.metadata["f64"], .float64(-2.25))
        XCTAssertEqual(file.metadata["yes"], .bool(true))
        XCTAssertEqual(file.metadata["no"], .bool(false))
        XCTAssertEqual(file.metadata["name"]?.string, "héllo wörld 🙂")
        XCTAssertEqual(file.metadata["empty"]?.string, "")
        XCTAssertEqual(file.metadata["words"]?.stringArray, ["a b", "Ġgreat", ""])
        XCTAssertEqual(file.metadata["ints"]?.intArray, [-1, 0, 7])
        XCTAssertEqual(file.metadata["floats"]?.floatArray, [0.25, -8])
        XCTAssertEqual(file.metadata["nested"], .array(elementType: .array, elements: [
            .array(elementType: .uint8, elements: [.uint8(1), .uint8(2)]),
            .array(elementType: .uint8, elements: []),
        ]))
        XCTAssertTrue(file.tensors.isEmpty)
    }

    func testAccessorsConvertOnlyCompatibleValues() {
        XCTAssertEqual(GGUFValue.uint8(7).int, 7)
        XCTAssertEqual(GGUFValue.int64(-3).int, -3)
        XCTAssertNil(GGUFValue.uint64(UInt64.max).int, "does not fit Int")
        XCTAssertNil(GGUFValue.float32(1).int)
        XCTAssertEqual(GGUFValue.uint32(100_000).float, 100_000, "integers are accepted as numbers")
        XCTAssertEqual(GGUFValue.float32(0.5).float, 0.5)
        XCTAssertNil(GGUFValue.string("1").float)
        XCTAssertNil(GGUFValue.bool(true).int)
        XCTAssertNil(GGUFValue.array(elementType: .string, elements: [.string("a"), .uint8(1)]).stringArray)
        XCTAssertNil(GGUFValue.string("a").stringArray)
        XCTAssertEqual(GGUFValue.array(elementType: .string, elements: []).stringArray, [])
    }

    func testAcceptsVersion2() throws {
        var fixture = GGUFFixture()
        fixture.version = 2
        fixture.metadata = [("k", .u32(1))]
        XCTAssertEqual(try open(fixture).version, 2)
    }

    func testTensorInfosOffsetsAndDefaultAlignment() throws {
        var fixture = GGUFFixture()
        fixture.metadata = [("general.architecture", .string("llama"))]
        fixture.tensors = [
            .init(name: "a", dimensions: [3], typeCode: 0, data: GGUFFixture.f32Data([1, 2, 3])),
            .init(name: "b", dimensions: [2, 2], typeCode: 1, data: GGUFFixture.u16Data([0x3C00, 0, 0, 0x3C00])),
        ]
        let file = try open(fixture)

        XCTAssertEqual(file.alignment, 32)
        XCTAssertEqual(file.dataOffset % 32, 0)
        XCTAssertEqual(file.tensors.map(\.name), ["a", "b"], "file order is kept")
        let a = try XCTUnwrap(file.tensorInfo(named: "a"))
        XCTAssertEqual(a.dimensions, [3])
        XCTAssertEqual(a.type, .f32)
        XCTAssertEqual(a.offset, 0)
        XCTAssertEqual(a.elementCount, 3)
        XCTAssertEqual(a.byteCount, 12)
        let b = try XCTUnwrap(file.tensorInfo(named: "b"))
        XCTAssertEqual(b.offset, 32, "12 bytes of 'a' padded to the alignment")
        XCTAssertEqual(b.rowLength, 2)
        XCTAssertEqual(b.rowCount, 2)
        XCTAssertNil(file.tensorInfo(named: "c"))
    }

    func testHonoursCustomAlignment() throws {
        var fixture = GGUFFixture()
        fixture.alignment = 64
        fixture.metadata = [("general.alignment", .u32(64))]
        fixture.tensors = [
            .init(name: "a", dimensions: [1], typeCode: 0, data: GGUFFixture.f32Data([5])),
            .init(name: "b", dimensions: [1], typeCode: 0, data: GGUFFixture.f32Data([6])),
        ]
        let file = try open(fixture)
        XCTAssertEqual(file.alignment, 64)
        XCTAssertEqual(file.dataOffset % 64, 0)
        XCTAssertEqual(file.tensorInfo(named: "b")?.offset, 64)
        XCTAssertEqual(try file.dequantize("b"), [6])
    }

    func testLlamaHyperparametersFromMetadata() throws {
        var fixture = GGUFFixture()
        fixture.metadata = Self.llamaMetadata
        let parameters = try LlamaHyperparameters(gguf: open(fixture))
        XCTAssertEqual(parameters, LlamaHyperparameters(
            blockCount: 2, embeddingLength: 64, feedForwardLength: 128, headCount: 4, keyValueHeadCount: 2,
            ropeFrequencyBase: 10000, rmsNormEpsilon: 1e-5, contextLength: 256, vocabularySize: 3))
        XCTAssertEqual(parameters.headDimension, 16)
    }

    func testLlamaHyperparametersNameTheMissingKey() throws {
        for missing in ["llama.block_count", "llama.attention.head_count_kv", "llama.rope.freq_base",
                        "llama.attention.layer_norm_rms_epsilon", "llama.context_length"] {
            var fixture = GGUFFixture()
            fixture.metadata = Self.llamaMetadata.filter { $0.0 != missing }
            let file = try open(fixture)
            XCTAssertThrowsError(try LlamaHyperparameters(gguf: file)) { error in
                XCTAssertEqual(error as? GGUFError, .missingKey(missing))
            }
        }
    }

    func testLlamaHyperparametersRejectInconsistentShapes() throws {
        var fixture = GGUFFixture()
        fixture.metadata = Self.llamaMetadata.map { $0.0 == "llama.attention.head_count_kv" ? ($0.0, .u32(3)) : $0 }
        XCTAssertThrowsError(try LlamaHyperparameters(gguf: open(fixture))) { error in
            guard case .invalidValue(key: "llama.attention.head_count_kv", _) = error as? GGUFError else {
                return XCTFail("unexpected \(error)")
            }
        }
        fixture.metadata = Self.llamaMetadata.map { $0.0 == "general.architecture" ? ($0.0, .string("gpt2")) : $0 }
        XCTAssertThrowsError(try LlamaHyperparameters(gguf: open(fixture))) { error in
            guard case .invalidValue(key: "general.architecture", _) = error as? GGUFError else {
                return XCTFail("unexpected \(error)")
            }
        }
    }

    /// A complete llama header without `llama.vocab_size`, so the vocabulary
    /// size must come from the token list.
    static let llamaMetadata: [(String, GGUFFixture.Value)] = [
        ("general.architecture", .string("llama")),
        ("llama.block_count", .u32(2)),
        ("llama.context_length", .u32(256)),
        ("llama.embedding_length", .u32(64)),
        ("llama.feed_forward_length", .u32(128)),
        ("llama.attention.head_count", .u32(4)),
        ("llama.attention.head_count_kv", .u32(2)),
        ("llama.rope.freq_base", .f32(10000)),
        ("llama.attention.layer_norm_rms_epsilon", .f32(1e-5)),
        ("tokenizer.ggml.tokens", .array(typeCode: 8, [.string("a"), .string("b"), .string("c")])),
    ]
}
