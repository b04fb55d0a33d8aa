import XCTest
@testable import SeedFLModels

final class LlamaBatchTests: XCTestCase {
    func testPaddingAndBatchNeighboursDoNotChangeLastPositionLogits() throws {
        let model = try TinyLlama(seed: 21).model()
        let short = [5, 12, 33, 7, 1]
        let long = [9, 9, 38, 4, 16, 2, 27, 30, 11]
        let alone = try model.forward(LlamaBatch(sequences: [short]))
        let after = try model.forward(LlamaBatch(sequences: [long, short]))
        let padded = try model.forward(LlamaBatch(
            padded: [short + [0, 0, 0, 0], long], lengths: [short.count, long.count]))
        let reference = Array(alone.logits(row: 0))
        for (name, logits) in [("after a longer sequence", Array(after.logits(row: 1))),
                               ("right-padded", Array(padded.logits(row: 0)))] {
            for (a, b) in zip(logits, reference) {
                XCTAssertEqual(a, b, accuracy: 1e-5, name)
            }
        }
        XCTAssertEqual(padded.positions, [LlamaPosition(sequence: 0, position: 4), LlamaPosition(sequence: 1, position: 8)])
    }

    func testPaddingValuesAreIgnored() throws {
        let model = try TinyLlama(seed: 22).model()
        let a = try model.forward(LlamaBatch(padded: [[3, 4, 5, 0, 0], [1, 2, 3, 4, 5]], lengths: [3, 5]))
        let b = try model.forward(LlamaBatch(padded: [[3, 4, 5, 39, 17], [1, 2, 3, 4, 5]], lengths: [3, 5]))
        XCTAssertEqual(a.logits, b.logits)
    }

    func testRepeatedForwardPassesAreIdentical() throws {
        // Scratch buffers are reused across passes and shapes; nothing may leak between them.
        let model = try TinyLlama(seed: 23).model()
        let small = try LlamaBatch(sequences: [[1, 2, 3]])
        let first = try model.forward(small)
        _ = try model.forward(LlamaBatch(sequences: [[4, 5, 6, 7, 8, 9, 10], [11, 12]]))
        XCTAssertEqual(try model.forward(small).logits, first.logits)
    }

    func testInvalidBatchesAreRefused() throws {
        XCTAssertThrowsError(try LlamaBatch(sequences: [])) { XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput) }
        XCTAssertThrowsError(try LlamaBatch(sequences: [[1], []])) { XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput) }
        XCTAssertThrowsError(try LlamaBatch(padded: [[1, 2]], lengths: [3])) { XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput) }
        XCTAssertThrowsError(try LlamaBatch(padded: [[1, 2]], lengths: [1, 1])) { XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput) }
    }

    func testOutOfRangeTokensPositionsAndRowsAreRefused() throws {
        let model = try TinyLlama(seed: 24).model()
        let batch = try LlamaBatch(sequences: [[1, 2, 3]])
        let cases: [(LlamaBatch, LlamaOutputRequest)] = [
            (try LlamaBatch(sequences: [[1, 40]]), LlamaOutputRequest()),
            (try LlamaBatch(sequences: [[-1]]), LlamaOutputRequest()),
            (batch, LlamaOutputRequest(positions: .explicit([LlamaPosition(sequence: 0, position: 3)]))),
            (batch, LlamaOutputRequest(positions: .explicit([LlamaPosition(sequence: 1, position: 0)]))),
            (batch, LlamaOutputRequest(vocabulary: .rows([0, 40]))),
        ]
        for (batch, request) in cases {
            XCTAssertThrowsError(try model.forward(batch, request: request)) {
                XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput)
            }
        }
    }

    func testMissingAndMisshapenTensorsAreRefused() throws {
        let tiny = try TinyLlama(seed: 25, layers: 1)
        var missing = tiny.tensors
        missing["blk.0.ffn_up.weight"] = nil
        XCTAssertThrowsError(try LlamaWeights(config: tiny.config, source: InMemoryWeightSource(tensors: missing))) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .missingTensor)
        }
        var transposed = tiny.tensors
        transposed["blk.0.attn_k.weight"]?.dimensions = [8, 16]
        XCTAssertThrowsError(try LlamaWeights(config: tiny.config, source: InMemoryWeightSource(tensors: transposed))) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .shapeMismatch)
        }
        var short = tiny.tensors
        short["output_norm.weight"]?.values.removeLast()
        XCTAssertThrowsError(try LlamaWeights(config: tiny.config, source: InMemoryWeightSource(tensors: short))) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .shapeMismatch)
        }
    }

    func testInconsistentConfigurationsAreRefused() {
        func make(hidden: Int = 16, heads: Int = 4, kvHeads: Int = 2, base: Double = 10_000) throws -> LlamaConfig {
            try LlamaConfig(
                vocabularySize: 10, hiddenSize: hidden, intermediateSize: 8, layerCount: 1,
                headCount: heads, keyValueHeadCount: kvHeads, ropeBase: base, rmsNormEpsilon: 1e-5,
                tiedEmbeddings: true)
        }
        XCTAssertNoThrow(try make())
        for attempt in [{ try make(hidden: 18) }, { try make(kvHeads: 3) }, { try make(hidden: 12, heads: 4, kvHeads: 1) },
                        { try make(base: 1) }, { try make(heads: 0) }] {
            XCTAssertThrowsError(try attempt()) { XCTAssertEqual(($0 as? LlamaError)?.code, .invalidConfiguration) }
        }
    }

    func testSmolLM2ConfigurationIsValidAndCountsParameters() throws {
        let c = LlamaConfig.smolLM2_135M
        let checked = try LlamaConfig(
            vocabularySize: c.vocabularySize, hiddenSize: c.hiddenSize, intermediateSize: c.intermediateSize,
            layerCount: c.layerCount, headCount: c.headCount, keyValueHeadCount: c.keyValueHeadCount,
            ropeBase: c.ropeBase, rmsNormEpsilon: c.rmsNormEpsilon, tiedEmbeddings: c.tiedEmbeddings)
        XCTAssertEqual(checked, c)
        XCTAssertEqual(c.headDimension, 64)
        let layout = LlamaWeights.layout(c)
        XCTAssertEqual(layout.count, 272)
        XCTAssertEqual(layout.last.map { $0.offset + $0.count }, 134_515_008)
        XCTAssertEqual(layout.map(\.index), Array(0..<272))
    }
}
