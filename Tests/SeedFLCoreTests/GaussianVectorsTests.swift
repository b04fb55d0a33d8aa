import SeedFLCore
import XCTest

/// The published test vectors of `docs/determinism.md`, section "Test vectors". If one of
/// these fails, the stream changed and every ledger recorded with it no longer replays.
final class GaussianVectorsTests: XCTestCase {
    /// (index, float32 bit pattern) pairs, exactly as printed in the doc.
    private static let vectors: [(PerturbationKey, [(Int, UInt32)])] = [
        (PerturbationKey(seed: 0, step: 0, perturbation: 0), [
            (0, 0x3F7D_BB30), (1, 0xBF6C_B6B3), (2, 0xBF1E_1BA1), (3, 0xBEF6_D1AA),
            (4, 0xBE1D_5354), (5, 0x3E39_2A67), (6, 0x3F54_EC98), (7, 0x3E4A_2D9A),
            (1_000_000_007, 0x3F8B_F9B0), (1_000_000_008, 0x3F02_50B3),
            (1_000_000_009, 0xBFF3_DC0A), (1_000_000_010, 0x3F9B_CD94),
            (17_179_869_185, 0xBF2D_06A7),
        ]),
        (PerturbationKey(seed: 0x0123_4567_89AB_CDEF, step: 3, perturbation: 1), [
            (0, 0xBF2E_74B7), (1, 0xBEB5_39C5), (2, 0xBE36_8BBF), (3, 0x3F92_125E),
            (4, 0x3F2A_2034), (5, 0x3E01_975A), (6, 0x3E84_8D40), (7, 0x3D55_EC7F),
            (1_000_000_007, 0xBFA3_941D), (1_000_000_008, 0x4000_E51A),
            (1_000_000_009, 0x3E96_2B85), (1_000_000_010, 0x3F44_CCF7),
            (17_179_869_185, 0xBFD2_D0F4),
        ]),
    ]

    func testVectorsMatchTheDocumentOnEveryPath() {
        for (key, expected) in Self.vectors {
            for (index, bits) in expected {
                XCTAssertEqual(
                    GaussianPrimitives.element(key, index: UInt64(index)).bitPattern, bits,
                    "reference \(key) i=\(index)")
                XCTAssertEqual(
                    Gaussian.vector(key, start: index, count: 1)[0].bitPattern, bits,
                    "Gaussian.vector \(key) i=\(index)")
                for path in GaussianPath.supported {
                    var value: Float = .nan
                    withUnsafeMutablePointer(to: &value) {
                        XCTAssertTrue(path.fill(key, start: index, into: .init(start: $0, count: 1)))
                    }
                    XCTAssertEqual(value.bitPattern, bits, "\(path) \(key) i=\(index)")
                }
            }
        }
    }

    func testFirstEightAsOneSlice() {
        for (key, expected) in Self.vectors {
            let first = Gaussian.vector(key, count: 8).map(\.bitPattern)
            XCTAssertEqual(first, expected.prefix(8).map(\.1), "\(key)")
        }
    }

    /// Random123's published known answers for Philox4x32-10 (kat_vectors).
    func testPhiloxKnownAnswers() {
        let cases: [((UInt32, UInt32, UInt32, UInt32), (UInt32, UInt32), [UInt32])] = [
            ((0, 0, 0, 0), (0, 0), [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8]),
            ((.max, .max, .max, .max), (.max, .max), [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD]),
            ((0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), (0xA409_3822, 0x299F_31D0),
             [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1]),
        ]
        for (counter, key, expected) in cases {
            let out = GaussianPrimitives.philox4x32_10(counter: counter, key: key)
            XCTAssertEqual([out.0, out.1, out.2, out.3], expected)
        }
    }

    func testUniformIsExactAndOpen() {
        XCTAssertEqual(GaussianPrimitives.uniform(0), 0x1p-24)
        XCTAssertEqual(GaussianPrimitives.uniform(.max), 1 - 0x1p-24)
        XCTAssertEqual(GaussianPrimitives.uniform(0x8000_0000), 0.5 + 0x1p-24)
        // The low 9 bits are ignored.
        XCTAssertEqual(GaussianPrimitives.uniform(0x1FF), GaussianPrimitives.uniform(0))
    }
}
