import Foundation
import SeedFLCore
import SeedFLStore
import XCTest

/// A fresh directory under the system temp dir, removed by `tearDown`.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedfl-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let run = RunIdentity(runID: 0xDEAD_BEEF_0000_0001, configFingerprint: String(repeating: "ab", count: 32))

    /// A seed round whose every field is derived from `sequence`, so any process can recompute
    /// exactly what a stored record must contain.
    static func round(sequence: UInt64, round number: UInt64, steps: Int = 2, perturbations: Int = 3) -> CommittedRound {
        let count = steps * perturbations
        let scalars = (0..<count).map { index -> Float in
            // Finite bit patterns spread over the whole exponent range, both signs.
            let bits = UInt32(truncatingIfNeeded: (sequence &* 2_654_435_761) ^ UInt64(index &* 40_503))
            let value = Float(bitPattern: bits & 0xBFFF_FFFF)  // top exponent bit clear: |value| < 2, never inf or NaN
            return value
        }
        let contributors = (0..<UInt32(1 + sequence % 4)).map { $0 * 3 + UInt32(sequence % 5) }
        return CommittedRound(
            sequence: sequence, round: number, seed: sequence &* 0x9E37_79B9_7F4A_7C15,
            steps: steps, perturbations: perturbations,
            learningRate: Float(bitPattern: 0x3A83_126F ^ UInt32(sequence % 64)),
            scalars: scalars, contributors: contributors,
            meanLoss: Float(sequence) / 7)
    }
}

/// Fails unless `actual` and `expected` hold identical bits in every float (Equatable on
/// Float would call -0.0 equal to 0.0).
func assertBitIdentical(_ actual: CommittedRound?, _ expected: CommittedRound,
                        file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else {
        XCTFail("missing round \(expected.sequence)", file: file, line: line)
        return
    }
    XCTAssertEqual(actual, expected, file: file, line: line)
    XCTAssertEqual(actual.learningRate.bitPattern, expected.learningRate.bitPattern, file: file, line: line)
    XCTAssertEqual(actual.meanLoss.bitPattern, expected.meanLoss.bitPattern, file: file, line: line)
    XCTAssertEqual(actual.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern), file: file, line: line)
    XCTAssertEqual(actual.dense?.map(\.bitPattern), expected.dense?.map(\.bitPattern), file: file, line: line)
}

/// Runs `body` and returns the `LedgerError` it threw; fails the test if it threw nothing or
/// something else.
func ledgerError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> LedgerError? {
    do {
        try body()
        XCTFail("expected a LedgerError, nothing was thrown", file: file, line: line)
    } catch let error as LedgerError {
        return error
    } catch {
        XCTFail("expected a LedgerError, got \(error)", file: file, line: line)
    }
    return nil
}
