import Foundation
import SeedFLCore
import SeedFLStore
import XCTest

final class LedgerExportTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testExportWritesOneExactJSONObjectPerRound() throws {
        let ledger = try Ledger(path: directory.path("ledger.sqlite"), run: Fixtures.run)
        defer { ledger.close() }
        var rounds = (UInt64(1)...5).map { Fixtures.round(sequence: $0, round: $0 * 2) }
        rounds[1].scalars[0] = -0.0
        rounds[1].scalars[1] = .leastNonzeroMagnitude
        rounds[1].seed = UInt64.max
        rounds[2].meanLoss = .nan
        rounds.append(CommittedRound(sequence: 6, round: 20, seed: 3, steps: 1, perturbations: 1, learningRate: 0.5,
                                     scalars: [], contributors: [1], meanLoss: .infinity,
                                     dense: [.greatestFiniteMagnitude, -Float(bitPattern: 0x0001_1C3A)]))  // a subnormal
        for round in rounds { try ledger.append(round) }

        var text = ""
        let written = try ledger.exportJSONLines(batchSize: 2) { text += $0 }
        XCTAssertEqual(written, 6)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 7)
        XCTAssertEqual(lines.last, "")

        for (line, round) in zip(lines, rounds) {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual((object["sequence"] as? NSNumber)?.uint64Value, round.sequence)
            XCTAssertEqual((object["round"] as? NSNumber)?.uint64Value, round.round)
            XCTAssertTrue(line.contains("\"seed\":\(round.seed),"), "seed written as an exact integer")
            XCTAssertEqual(object["learning_rate_bits"] as? String, hex(round.learningRate))
            XCTAssertEqual(object["mean_loss_bits"] as? String, hex(round.meanLoss))
            XCTAssertEqual(object["scalars_bits"] as? [String], round.scalars.map(hex))
            XCTAssertEqual((object["contributors"] as? [NSNumber])?.map(\.uint32Value), round.contributors)
            // Decimal numbers parse back to the same bits wherever they are finite.
            let decimals = try XCTUnwrap(object["scalars"] as? [NSNumber])
            XCTAssertEqual(decimals.map { $0.floatValue.bitPattern }, round.scalars.map(\.bitPattern))
            if round.meanLoss.isFinite {
                XCTAssertEqual((object["mean_loss"] as? NSNumber)?.floatValue.bitPattern, round.meanLoss.bitPattern)
            } else {
                XCTAssertTrue(object["mean_loss"] is NSNull, "non-finite floats are null numbers")
            }
            if let dense = round.dense {
                XCTAssertEqual(object["dense_bits"] as? [String], dense.map(hex))
            } else {
                XCTAssertTrue(object["dense"] is NSNull)
            }
        }
        // Exporting after a sequence skips exactly the earlier rounds, and is deterministic.
        var tail = ""
        XCTAssertEqual(try ledger.exportJSONLines(after: 4) { tail += $0 }, 2)
        XCTAssertEqual(tail, lines[4...5].map { $0 + "\n" }.joined())
        XCTAssertEqual(ledgerError { try ledger.exportJSONLines(batchSize: 0) { _ in } }?.code, .invalidArgument)
    }

    func testNegativeZeroAndSubnormalDecimalsAreExplicit() {
        XCTAssertEqual(RoundJSON.line(for: CommittedRound(
            sequence: 1, round: 1, seed: 1, steps: 1, perturbations: 2, learningRate: -0.0,
            scalars: [.leastNonzeroMagnitude, 1], contributors: [], meanLoss: .nan)),
            #"{"sequence":1,"round":1,"seed":1,"steps":1,"perturbations":2,"learning_rate":-0.0,"#
            + #""learning_rate_bits":"80000000","scalars":[1e-45,1.0],"scalars_bits":["00000001","3f800000"],"#
            + #""contributors":[],"mean_loss":null,"mean_loss_bits":"7fc00000","dense":null,"dense_bits":null}"#)
    }

    private func hex(_ value: Float) -> String {
        let digits = String(value.bitPattern, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
