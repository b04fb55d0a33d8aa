import Foundation
import SeedFLModels
import XCTest

/// The engine's resumable pass: a prefix computed by `residualStream(of:blocks:)` and resumed
/// by `forward(prefix:)` gives what a whole pass gives, and bad prefixes are refused.
final class LlamaResidualPrefixTests: XCTestCase {
    func testResumedPassMatchesAWholePassAndBadPrefixesAreRefused() throws {
        let loaded = try LanguageModelAssets.load()
        let model = LlamaModel(weights: loaded.weights)
        let sequences = [[504, 1345, 314, 253, 1303], [504, 1345, 314]]
        let batch = try LlamaBatch(sequences: sequences)
        let request = LlamaOutputRequest(positions: .last, vocabulary: .rows([31, 1122]))
        let whole = try model.forward(batch, request: request)
        for blocks in [0, 12, 30] {
            let prefix = LlamaResidualPrefix(blocks: blocks, residuals: try sequences.map { try model.residualStream(of: $0, blocks: blocks) })
            let resumed = try model.forward(batch, request: request, prefix: prefix)
            for (a, b) in zip(whole.logits, resumed.logits) { XCTAssertEqual(a, b, accuracy: 1e-3, "\(blocks) blocks") }
            // A resumed pass is a pure function of its prefix.
            XCTAssertEqual(try model.forward(batch, request: request, prefix: prefix).logits, resumed.logits)
        }
        let good = try sequences.map { try model.residualStream(of: $0, blocks: 4) }
        XCTAssertThrowsError(try model.forward(batch, request: request, prefix: LlamaResidualPrefix(blocks: 4, residuals: [good[0]])))
        XCTAssertThrowsError(try model.forward(batch, request: request, prefix: LlamaResidualPrefix(blocks: 4, residuals: [good[1], good[0]])))
        XCTAssertThrowsError(try model.forward(batch, request: request, prefix: LlamaResidualPrefix(blocks: 31, residuals: good)))
        XCTAssertThrowsError(try model.residualStream(of: [1, 2], blocks: -1))
        XCTAssertThrowsError(try model.residualStream(of: [], blocks: 2))
    }

    func testTrimmedLastBlockMatchesEveryPositionPass() throws {
        let loaded = try LanguageModelAssets.load()
        let model = LlamaModel(weights: loaded.weights)
        let batch = try LlamaBatch(sequences: [[504, 1345, 314, 253], [1303, 42]])
        let last = try model.forward(batch, request: LlamaOutputRequest(positions: .last, vocabulary: .rows([31, 1122])))
        let every = try model.forward(batch, request: LlamaOutputRequest(positions: .all, vocabulary: .rows([31, 1122])))
        // Rows 3 and 5 of the every-position pass are the sequences' last tokens.
        XCTAssertEqual(Array(last.logits(row: 0)), Array(every.logits(row: 3)).map { $0 }, accuracy: 1e-3)
        XCTAssertEqual(Array(last.logits(row: 1)), Array(every.logits(row: 5)), accuracy: 1e-3)
    }
}

private func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
