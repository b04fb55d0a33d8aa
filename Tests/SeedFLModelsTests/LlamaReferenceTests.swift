import XCTest
@testable import SeedFLModels

/// A deterministic generator for test weights (SplitMix64), independent of the code under test.
struct LlamaTestRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-scale, scale).
    mutating func uniform(_ scale: Float) -> Float {
        Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) * scale
    }
}

/// Small random Llama weights under their GGUF names, plus the configuration they fit.
struct TinyLlama {
    let config: LlamaConfig
    let tensors: [String: LlamaSourceTensor]

    /// Vocabulary 40, width 16, FFN 24, 2 blocks, 4 query heads over 2 key/value heads (width 4).
    init(seed: UInt64 = 1, tied: Bool = true, layers: Int = 2) throws {
        let config = try LlamaConfig(
            vocabularySize: 40, hiddenSize: 16, intermediateSize: 24, layerCount: layers,
            headCount: 4, keyValueHeadCount: 2, ropeBase: 10_000, rmsNormEpsilon: 1e-5,
            tiedEmbeddings: tied)
        var random = LlamaTestRandom(state: seed)
        var tensors: [String: LlamaSourceTensor] = [:]
        func matrix(_ name: String, rows: Int, columns: Int, scale: Float) {
            let values = (0..<(rows * columns)).map { _ in random.uniform(scale) }
            tensors[name] = LlamaSourceTensor(dimensions: [columns, rows], values: values)
        }
        func norm(_ name: String) {
            let values = (0..<config.hiddenSize).map { _ in 1 + random.uniform(0.3) }
            tensors[name] = LlamaSourceTensor(dimensions: [config.hiddenSize], values: values)
        }
        let h = config.hiddenSize, kv = config.keyValueWidth, f = config.intermediateSize
        matrix("token_embd.weight", rows: config.vocabularySize, columns: h, scale: 1)
        for layer in 0..<layers {
            norm("blk.\(layer).attn_norm.weight")
            matrix("blk.\(layer).attn_q.weight", rows: h, columns: h, scale: 0.6)
            matrix("blk.\(layer).attn_k.weight", rows: kv, columns: h, scale: 0.6)
            matrix("blk.\(layer).attn_v.weight", rows: kv, columns: h, scale: 0.5)
            matrix("blk.\(layer).attn_output.weight", rows: h, columns: h, scale: 0.3)
            norm("blk.\(layer).ffn_norm.weight")
            matrix("blk.\(layer).ffn_gate.weight", rows: f, columns: h, scale: 0.5)
            matrix("blk.\(layer).ffn_up.weight", rows: f, columns: h, scale: 0.5)
            matrix("blk.\(layer).ffn_down.weight", rows: h, columns: f, scale: 0.3)
        }
        norm("output_norm.weight")
        if !tied { matrix("output.weight", rows: config.vocabularySize, columns: h, scale: 1) }
        self.config = config
        self.tensors = tensors
    }

    var source: InMemoryWeightSource { InMemoryWeightSource(tensors: tensors) }

    func model() throws -> LlamaModel { try LlamaModel(config: config, source: source) }
}

/// The textbook Llama forward pass for one sequence: plain loops over named tensors, Double
/// arithmetic throughout, no batching, no fusion. Rotary pairs are adjacent (2i, 2i+1), the
/// pairing that matches GGUF's permuted Q/K rows.
struct NaiveLlama {
    let config: LlamaConfig
    let tensors: [String: LlamaSourceTensor]

    /// `W · x` for the named `rows × columns` tensor.
    func apply(_ name: String, _ x: [Double]) -> [Double] {
        let w = tensors[name]!
        let columns = w.dimensions[0], rows = w.values.count / columns
        return (0..<rows).map { r in
            (0..<columns).reduce(0.0) { $0 + Double(w.values[r * columns + $1]) * x[$1] }
        }
    }

    func rmsNorm(_ x: [Double], _ name: String) -> [Double] {
        let w = tensors[name]!.values
        let meanSquare = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
        let scale = 1 / (meanSquare + Double(config.rmsNormEpsilon)).squareRoot()
        return x.indices.map { x[$0] * scale * Double(w[$0]) }
    }

    func rotate(_ x: inout [Double], heads: Int, position: Int) {
        let d = config.headDimension
        for head in 0..<heads {
            for i in 0..<(d / 2) {
                let angle = Double(position) * pow(config.ropeBase, -2 * Double(i) / Double(d))
                let a = head * d + 2 * i
                let x0 = x[a], x1 = x[a + 1]
                x[a] = x0 * cos(angle) - x1 * sin(angle)
                x[a + 1] = x0 * sin(angle) + x1 * cos(angle)
            }
        }
    }

    /// Final-norm hidden states and full-vocabulary logits at every position of `tokens`.
    func forward(_ tokens: [Int]) -> (hidden: [[Double]], logits: [[Double]]) {
        let h = config.hiddenSize, d = config.headDimension
        let embedding = tensors["token_embd.weight"]!.values
        var x = tokens.map { t in (0..<h).map { Double(embedding[t * h + $0]) } }
        for layer in 0..<config.layerCount {
            let p = "blk.\(layer)."
            var queries: [[Double]] = [], keys: [[Double]] = [], values: [[Double]] = []
            for (position, row) in x.enumerated() {
                let n = rmsNorm(row, p + "attn_norm.weight")
                var q = apply(p + "attn_q.weight", n), k = apply(p + "attn_k.weight", n)
                rotate(&q, heads: config.headCount, position: position)
                rotate(&k, heads: config.keyValueHeadCount, position: position)
                queries.append(q); keys.append(k); values.append(apply(p + "attn_v.weight", n))
            }
            for t in x.indices {
                var attended = [Double](repeating: 0, count: h)
                for head in 0..<config.headCount {
                    let g = head / (config.headCount / config.keyValueHeadCount)
                    let scores = (0...t).map { s in
                        (0..<d).reduce(0.0) { $0 + queries[t][head * d + $1] * keys[s][g * d + $1] } / Double(d).squareRoot()
                    }
                    let top = scores.max()!
                    let weights = scores.map { exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for s in 0...t {
                        for i in 0..<d { attended[head * d + i] += weights[s] / total * values[s][g * d + i] }
                    }
                }
                let o = apply(p + "attn_output.weight", attended)
                for i in 0..<h { x[t][i] += o[i] }
                let n = rmsNorm(x[t], p + "ffn_norm.weight")
                let gate = apply(p + "ffn_gate.weight", n), up = apply(p + "ffn_up.weight", n)
                let a = gate.indices.map { gate[$0] / (1 + exp(-gate[$0])) * up[$0] }
                let down = apply(p + "ffn_down.weight", a)
                for i in 0..<h { x[t][i] += down[i] }
            }
        }
        let hidden = x.map { rmsNorm($0, "output_norm.weight") }
        let head = config.tiedEmbeddings ? "token_embd.weight" : "output.weight"
        return (hidden, hidden.map { apply(head, $0) })
    }
}

/// max |actual - expected| / max |expected|: the error relative to the vector's scale.
func llamaRelativeError(_ actual: some Collection<Float>, _ expected: [Double]) -> Double {
    let scale = max(expected.map(abs).max() ?? 0, 1e-30)
    return zip(actual, expected).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
}

final class LlamaReferenceTests: XCTestCase {
    /// Float32 with sums of at most a few dozen terms per product stays well within 1e-4 of the
    /// Double result; a wrong rotary pairing, head mapping or mask is off by O(1).
    let tolerance = 1e-4

    func testBatchedForwardMatchesNaiveReferenceAtEveryPosition() throws {
        let tiny = try TinyLlama(seed: 7)
        let model = try tiny.model()
        let naive = NaiveLlama(config: tiny.config, tensors: tiny.tensors)
        let sequences = [[3, 17, 5, 39, 0, 22, 8], [11, 2], [30, 30, 1, 7, 19]]
        let output = try model.forward(
            LlamaBatch(sequences: sequences),
            request: LlamaOutputRequest(positions: .all, vocabulary: .all, includeHidden: true))
        XCTAssertEqual(output.positions.count, 14)
        XCTAssertEqual(output.vocabularyRowCount, 40)
        var row = 0
        for (index, sequence) in sequences.enumerated() {
            let expected = naive.forward(sequence)
            for position in sequence.indices {
                XCTAssertEqual(output.positions[row], LlamaPosition(sequence: index, position: position))
                XCTAssertLessThan(llamaRelativeError(output.logits(row: row), expected.logits[position]), tolerance, "sequence \(index) position \(position)")
                XCTAssertLessThan(llamaRelativeError(output.hidden(row: row), expected.hidden[position]), tolerance, "sequence \(index) position \(position)")
                row += 1
            }
        }
    }

    func testUntiedOutputHeadMatchesNaiveReference() throws {
        let tiny = try TinyLlama(seed: 8, tied: false, layers: 1)
        let model = try tiny.model()
        XCTAssertEqual(model.weights.outputHead.role, .output)
        let sequence = [4, 9, 33, 12]
        let output = try model.forward(LlamaBatch(sequences: [sequence]))
        let expected = NaiveLlama(config: tiny.config, tensors: tiny.tensors).forward(sequence)
        XCTAssertLessThan(llamaRelativeError(output.logits(row: 0), expected.logits[3]), tolerance)
    }

    func testSelectedVocabularyRowsMatchTheFullLogits() throws {
        let model = try TinyLlama(seed: 9).model()
        let batch = try LlamaBatch(sequences: [[1, 2, 3, 4], [5, 6]])
        let full = try model.forward(batch)
        let rows = [7, 0, 39, 7]
        let selected = try model.forward(batch, request: LlamaOutputRequest(vocabulary: .rows(rows)))
        XCTAssertEqual(selected.vocabularyRowCount, 4)
        for sequence in 0..<2 {
            let all = Array(full.logits(row: sequence)), some = Array(selected.logits(row: sequence))
            for (column, vocabularyRow) in rows.enumerated() {
                XCTAssertEqual(some[column], all[vocabularyRow], accuracy: 1e-5 * max(1, abs(all[vocabularyRow])))
            }
        }
    }

    func testExplicitPositionsAndNoLogits() throws {
        let tiny = try TinyLlama(seed: 10)
        let model = try tiny.model()
        let sequence = [8, 1, 14, 27, 3]
        let output = try model.forward(
            LlamaBatch(sequences: [[2, 2], sequence]),
            request: LlamaOutputRequest(
                positions: .explicit([LlamaPosition(sequence: 1, position: 2), LlamaPosition(sequence: 1, position: 0)]),
                vocabulary: nil, includeHidden: true))
        XCTAssertTrue(output.logits.isEmpty)
        let expected = NaiveLlama(config: tiny.config, tensors: tiny.tensors).forward(sequence)
        XCTAssertLessThan(llamaRelativeError(output.hidden(row: 0), expected.hidden[2]), tolerance)
        XCTAssertLessThan(llamaRelativeError(output.hidden(row: 1), expected.hidden[0]), tolerance)
    }
}
