import XCTest
@testable import SeedFLModels

/// Dequantisation against values computed by hand from the ggml block
/// definitions (the f16 scales are chosen to be exactly known decimals).
final class GGUFDequantizationTests: XCTestCase {
    private var directory: GGUFTemporaryDirectory!

    override func setUpWithError() throws {
        directory = try GGUFTemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    // f16 bit patterns with exactly known values.
    private let half0_5: UInt16 = 0x3800          // 0.5
    private let halfMinus1: UInt16 = 0xBC00       // -1.0
    private let halfThird: UInt16 = 0x3555        // 1365/4096 = 0.333251953125
    private let halfTenth: UInt16 = 0x2E66        // 1638/16384 = 0.0999755859375

    private func file(with tensors: [GGUFFixture.Tensor]) throws -> GGUFFile {
        var fixture = GGUFFixture()
        fixture.tensors = tensors
        return try GGUFFile(path: directory.write(fixture.bytes()))
    }

    func testQ4_1BlocksAndNibbleOrder() throws {
        let quantsA = (0 ..< 32).map { UInt8($0 % 16) }
        let quantsB = (0 ..< 32).map { UInt8(15 - $0 % 16) }
        let data = GGUFFixture.q4_1Block(dBits: half0_5, mBits: halfMinus1, quants: quantsA)
            + GGUFFixture.q4_1Block(dBits: halfTenth, mBits: halfThird, quants: quantsB)
        let gguf = try file(with: [.init(name: "w", dimensions: [32, 2], typeCode: 3, data: data)])

        let values = try gguf.dequantize("w")
        let expectedA = quantsA.map { Float($0) * 0.5 + -1.0 }
        let expectedB = quantsB.map { Float($0) * Float(0.0999755859375) + Float(0.333251953125) }
        XCTAssertEqual(values, expectedA + expectedB)
        // Element 16 comes from the high nibble of byte 0.
        XCTAssertEqual(values[16], -1.0)
        XCTAssertEqual(values[17], -0.5)
    }

    func testQ8_0Blocks() throws {
        let quants: [Int8] = [-128, 127, -1, 0, 1] + (0 ..< 27).map { Int8($0 - 13) }
        let data = GGUFFixture.q8_0Block(dBits: halfThird, quants: quants)
            + GGUFFixture.q8_0Block(dBits: half0_5, quants: quants.reversed())
        let gguf = try file(with: [.init(name: "e", dimensions: [64], typeCode: 8, data: data)])

        let values = try gguf.dequantize("e")
        let expected = quants.map { Float($0) * Float(0.333251953125) } + quants.reversed().map { Float($0) * 0.5 }
        XCTAssertEqual(values, expected)
    }

    func testQ4_0Block() throws {
        let quants = (0 ..< 32).map { UInt8(($0 * 7) % 16) }
        let gguf = try file(with: [.init(name: "q", dimensions: [32], typeCode: 2,
                                         data: GGUFFixture.q4_0Block(dBits: half0_5, quants: quants))])
        XCTAssertEqual(try gguf.dequantize("q"), quants.map { Float(Int($0) - 8) * 0.5 })
    }

    func testF32AndF16AndBF16() throws {
        let floats: [Float] = [0, -0.0, 1.5, -3.25e-12, .greatestFiniteMagnitude, .infinity]
        let halfBits: [UInt16] = [0x0000, 0x8000, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x7C00, 0xFC00]
        let halfValues: [Float] = [0, -0.0, 1, -2, 65504, 0x1p-24, 1023 * 0x1p-24, 0x1p-14, .infinity, -.infinity]
        let gguf = try file(with: [
            .init(name: "f32", dimensions: [6], typeCode: 0, data: GGUFFixture.f32Data(floats)),
            .init(name: "f16", dimensions: [5, 2], typeCode: 1, data: GGUFFixture.u16Data(halfBits)),
            .init(name: "bf16", dimensions: [3], typeCode: 30, data: GGUFFixture.u16Data([0x3F80, 0xC040, 0x7F80])),
            .init(name: "nan", dimensions: [1], typeCode: 1, data: GGUFFixture.u16Data([0x7E00])),
        ])

        XCTAssertEqual(try gguf.dequantize("f32").map(\.bitPattern), floats.map(\.bitPattern))
        XCTAssertEqual(try gguf.dequantize("f16").map(\.bitPattern), halfValues.map(\.bitPattern))
        XCTAssertEqual(try gguf.dequantize("bf16"), [1, -3, .infinity])
        XCTAssertTrue(try gguf.dequantize("nan")[0].isNaN)
    }

    #if !(os(macOS) && arch(x86_64))
    /// Every one of the 65,536 half-precision patterns converts exactly
    /// (checked against the standard library's `Float16`).
    func testHalfConversionIsExactForEveryPattern() {
        for bits in 0 ... UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = GGMLHalf.float(fromHalfBits: bits)
            if expected.isNaN {
                XCTAssertTrue(actual.isNaN, "pattern \(bits)")
            } else {
                XCTAssertEqual(actual.bitPattern, expected.bitPattern, "pattern \(bits)")
            }
        }
    }
    #endif

    func testDequantizeIntoBuffer() throws {
        let gguf = try file(with: [.init(name: "v", dimensions: [4], typeCode: 0, data: GGUFFixture.f32Data([1, 2, 3, 4]))])
        var storage = [Float](repeating: -1, count: 6)
        try storage.withUnsafeMutableBufferPointer { buffer in
            // Fill the middle of a larger buffer, as a caller packing parameters would.
            try gguf.dequantize("v", into: UnsafeMutableBufferPointer(rebasing: buffer[1 ..< 5]))
        }
        XCTAssertEqual(storage, [-1, 1, 2, 3, 4, -1])

        var small = [Float](repeating: 0, count: 3)
        XCTAssertThrowsError(try small.withUnsafeMutableBufferPointer { try gguf.dequantize("v", into: $0) }) { error in
            XCTAssertEqual(error as? GGUFError, .destinationSizeMismatch(tensor: "v", expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try gguf.dequantize("missing")) { error in
            XCTAssertEqual(error as? GGUFError, .tensorNotFound("missing"))
        }
    }

    func testRawBytesAreTheStoredBlocks() throws {
        let block = GGUFFixture.q8_0Block(dBits: half0_5, quants: Array(repeating: 3, count: 32))
        let gguf = try file(with: [.init(name: "e", dimensions: [32], typeCode: 8, data: block)])
        let bytes = gguf.withRawBytes(of: "e") { info, raw in (info.byteCount, Array(raw)) }
        XCTAssertEqual(bytes?.0, 34)
        XCTAssertEqual(bytes?.1, block)
        XCTAssertNil(gguf.withRawBytes(of: "none") { _, raw in raw.count })
    }
}
