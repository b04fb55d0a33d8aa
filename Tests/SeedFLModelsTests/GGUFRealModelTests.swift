import XCTest
@testable import SeedFLModels

/// Checks against the real SmolLM2-135M-Instruct Q4_1 file (skipped when it
/// is absent, failed when `SEEDFL_REQUIRE_ASSETS=1`).
final class GGUFRealModelTests: XCTestCase {
    func testHyperparameters() throws {
        let (file, _) = try GGUFAssetLocator.loaded()
        XCTAssertEqual(file.version, 3)
        let parameters = try LlamaHyperparameters(gguf: file)
        XCTAssertEqual(parameters, LlamaHyperparameters(
            blockCount: 30, embeddingLength: 576, feedForwardLength: 1536, headCount: 9, keyValueHeadCount: 3,
            ropeFrequencyBase: 100_000, rmsNormEpsilon: 1e-5, contextLength: 8192, vocabularySize: 49152))
        XCTAssertEqual(parameters.headDimension, 64)
        XCTAssertEqual(file.metadata["tokenizer.ggml.pre"]?.string, "smollm")
    }

    func testTensorTable() throws {
        let (file, _) = try GGUFAssetLocator.loaded()
        // 9 tensors per block, plus the embedding and the final norm; the
        // output head is tied to the embedding, so there is no output.weight.
        XCTAssertEqual(file.tensors.count, 30 * 9 + 2)
        XCTAssertNil(file.tensorInfo(named: "output.weight"))

        let expected: [(String, [Int], GGMLType)] = [
            ("token_embd.weight", [576, 49152], .q8_0),
            ("output_norm.weight", [576], .f32),
            ("blk.0.attn_norm.weight", [576], .f32),
            ("blk.0.ffn_norm.weight", [576], .f32),
            ("blk.0.attn_q.weight", [576, 576], .q4_1),
            ("blk.0.attn_k.weight", [576, 192], .q4_1),
            ("blk.0.attn_v.weight", [576, 192], .q4_1),
            ("blk.0.attn_output.weight", [576, 576], .q4_1),
            ("blk.0.ffn_gate.weight", [576, 1536], .q4_1),
            ("blk.0.ffn_up.weight", [576, 1536], .q4_1),
            ("blk.0.ffn_down.weight", [1536, 576], .q4_1),
            ("blk.29.ffn_down.weight", [1536, 576], .q4_1),
        ]
        for (name, dimensions, type) in expected {
            let info = try XCTUnwrap(file.tensorInfo(named: name), name)
            XCTAssertEqual(info.dimensions, dimensions, name)
            XCTAssertEqual(info.type, type, name)
        }
    }

    func testTokenEmbeddingDequantisesToFiniteValues() throws {
        let (file, _) = try GGUFAssetLocator.loaded()
        let embedding = try file.dequantize("token_embd.weight")
        XCTAssertEqual(embedding.count, 49152 * 576)
        // x * 0 is 0 for finite x and NaN for ±inf or NaN, so the sum is 0
        // exactly when every value is finite (a plain loop: this runs on 28 M
        // values in unoptimised test builds).
        let poison = embedding.withUnsafeBufferPointer { values in
            var sum: Float = 0
            for value in values { sum += value * 0 }
            return sum
        }
        XCTAssertEqual(poison, 0, "every embedding value is finite")
        // First block, decoded independently (numpy: float16 scale x int8).
        XCTAssertEqual(embedding[0 ..< 4].map(\.bitPattern), [0xBDDA_3400, 0x3D07_1400, 0x3D45_6C00, 0xBCBB_0800])
    }

    func testQ4_1WeightMatchesIndependentDecode() throws {
        let (file, _) = try GGUFAssetLocator.loaded()
        let weight = try file.dequantize("blk.0.ffn_down.weight")
        XCTAssertEqual(weight.count, 1536 * 576)
        // Elements 0, 1, 16, 31 of the first block, decoded independently
        // (numpy: float16 d and m, nibbles, d * q + m in float32).
        XCTAssertEqual([weight[0], weight[1], weight[16], weight[31]].map(\.bitPattern),
                       [0xBEA9_6000, 0x3EB1_3000, 0xBF1A_0000, 0xBD76_0000])
        let norm = try file.dequantize("output_norm.weight")
        XCTAssertEqual(norm.count, 576)
        XCTAssertTrue(norm.allSatisfy { $0.isFinite && $0 != 0 })
    }
}
