import Foundation
import SeedFLCore
import SeedFLModels
import XCTest

/// Hugging Face export: names, the rotary row order of Q and K, PEFT adapters.
final class LanguageModelExportTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lm-export-\(UUID().uuidString)").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testRotaryUnpermuteInvertsPermute() {
        // One 8-row tensor of two heads of width 4: GGUF holds HF rows 0, 2, 1, 3 | 4, 6, 5, 7.
        let hf = (0..<16).map(Float.init)    // 8 rows × 2 columns, row r = [2r, 2r+1]
        let gguf = RotaryRowPermutation.toGGUF(hf, rows: 8, columns: 2, heads: 2)
        XCTAssertEqual(gguf, [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15])
        XCTAssertEqual(RotaryRowPermutation.toHuggingFace(gguf, rows: 8, columns: 2, heads: 2), hf)
        let wide = (0..<(576 * 3)).map { Float($0) }
        for heads in [9, 3] {
            let rows = 576 / 3 * (heads == 9 ? 3 : 1)
            let values = Array(wide.prefix(rows * 3))
            XCTAssertEqual(RotaryRowPermutation.toHuggingFace(
                RotaryRowPermutation.toGGUF(values, rows: rows, columns: 3, heads: heads), rows: rows, columns: 3, heads: heads), values)
            XCTAssertEqual(RotaryRowPermutation.toGGUF(
                RotaryRowPermutation.toHuggingFace(values, rows: rows, columns: 3, heads: heads), rows: rows, columns: 3, heads: heads), values)
        }
    }

    func testHuggingFaceNamesCoverTheRealModelOnce() throws {
        let loaded = try LanguageModelAssets.load()
        let names = loaded.weights.tensors.map(HuggingFaceLlamaNames.name(of:))
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(names.first, "model.embed_tokens.weight")
        XCTAssertEqual(names.last, "model.norm.weight")
        XCTAssertEqual(Array(names[1...9]), [
            "model.layers.0.input_layernorm.weight", "model.layers.0.self_attn.q_proj.weight",
            "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight",
            "model.layers.0.self_attn.o_proj.weight", "model.layers.0.post_attention_layernorm.weight",
            "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight",
            "model.layers.0.mlp.down_proj.weight",
        ])
    }

    func testLoRAExportHasPEFTNamesUnpermutedQueryRowsAndAConfig() throws {
        let options = LoRAOptions(rank: 4, alpha: 8, targets: [.q, .v])
        let model = try LanguageModelAssets.classifier(.lora(options), count: 1)
        var x = model.initialParameters()
        for i in x.indices where x[i] == 0 { x[i] = Float(i % 97) / 97 }
        let written = try model.export(parameters: x, to: directory)
        XCTAssertEqual(written, [directory + "/adapter_model.safetensors", directory + "/adapter_config.json"])

        let file = try SafeTensorsFile(path: written[0])
        XCTAssertEqual(file.tensors.count, 2 * 2 * 30)
        XCTAssertEqual(Array(file.tensors.prefix(4).map(\.name)), [
            "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
            "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
            "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight",
            "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight",
        ])
        XCTAssertEqual(file.tensors[0].shape, [4, 576])
        XCTAssertEqual(file.tensors[1].shape, [576, 4])
        XCTAssertEqual(file.tensors[3].shape, [192, 4])
        XCTAssertEqual(file.metadata["format"], "pt")
        let q = model.adapters[0], v = model.adapters[1]
        XCTAssertEqual(file.tensors[0].values, Array(x[q.aOffset ..< q.aOffset + q.aCount]))
        XCTAssertEqual(file.tensors[1].values, RotaryRowPermutation.toHuggingFace(
            Array(x[q.bOffset ..< q.bOffset + q.bCount]), rows: 576, columns: 4, heads: 9))
        XCTAssertNotEqual(file.tensors[1].values, Array(x[q.bOffset ..< q.bOffset + q.bCount]))
        XCTAssertEqual(file.tensors[3].values, Array(x[v.bOffset ..< v.bOffset + v.bCount]), "V rows are not permuted")

        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: written[1]))) as? [String: Any]
        XCTAssertEqual(config?["peft_type"] as? String, "LORA")
        XCTAssertEqual(config?["r"] as? Int, 4)
        XCTAssertEqual(config?["lora_alpha"] as? Double, 8)
        XCTAssertEqual(config?["target_modules"] as? [String], ["q_proj", "v_proj"])
        XCTAssertEqual(config?["base_model_name_or_path"] as? String, "HuggingFaceTB/SmolLM2-135M-Instruct")
    }

    func testNormsExportRoundTripsTheTrainedValues() throws {
        let model = try LanguageModelAssets.classifier(.norms, count: 1)
        var x = model.initialParameters()
        for i in x.indices { x[i] = x[i] * 1.25 + Float(i % 5) }
        let written = try model.export(parameters: x, to: directory)
        let file = try SafeTensorsFile(path: try XCTUnwrap(written.first))
        XCTAssertEqual(file.tensors.count, 61)
        XCTAssertEqual(file.tensors.first?.name, "model.layers.0.input_layernorm.weight")
        XCTAssertEqual(file.tensors.last?.name, "model.norm.weight")
        XCTAssertEqual(file.tensors.flatMap(\.values).map(\.bitPattern), x.map(\.bitPattern))
        XCTAssertThrowsError(try model.export(parameters: [1], to: directory))
    }

    /// Full export through a small model that shares the real tokenizer's vocabulary: every
    /// tensor under its Hugging Face name, Q and K rows un-permuted, the rest unchanged.
    func testFullExportWritesEveryTensorInHuggingFaceLayout() throws {
        let loaded = try LanguageModelAssets.load()
        let config = try LlamaConfig(
            vocabularySize: loaded.tokenizer.vocabularySize, hiddenSize: 8, intermediateSize: 12, layerCount: 2,
            headCount: 2, keyValueHeadCount: 1, ropeBase: 10_000, rmsNormEpsilon: 1e-5, tiedEmbeddings: true)
        var tensors: [String: LlamaSourceTensor] = [:]
        for tensor in LlamaWeights.layout(config) {
            let values = Gaussian.vector(PerturbationKey(seed: 9, step: 0, perturbation: UInt32(tensor.index)), count: tensor.count)
            tensors[tensor.name] = LlamaSourceTensor(
                dimensions: tensor.rows == 1 ? [tensor.columns] : [tensor.columns, tensor.rows], values: values.map { $0 * 0.1 })
        }
        let weights = try LlamaWeights(config: config, source: InMemoryWeightSource(tensors: tensors))
        let model = try LanguageModelClassifier(weights: weights, tokenizer: loaded.tokenizer, train: [("Good.", 1)], test: [],
                                                options: LanguageModelOptions(trainable: .full))
        let x = model.initialParameters()
        XCTAssertTrue(model.loss(at: x, perturbation: nil, examples: [0]).isFinite)
        let file = try SafeTensorsFile(path: try XCTUnwrap(try model.export(parameters: x, to: directory).first))
        XCTAssertEqual(file.tensors.map(\.name), weights.tensors.map(HuggingFaceLlamaNames.name(of:)))
        for (tensor, exported) in zip(weights.tensors, file.tensors) {
            let stored = Array(x[tensor.range])
            XCTAssertEqual(exported.shape, tensor.rows == 1 ? [tensor.columns] : [tensor.rows, tensor.columns])
            switch tensor.role {
            case .query, .key:
                let heads = tensor.role == .query ? config.headCount : config.keyValueHeadCount
                XCTAssertEqual(exported.values, RotaryRowPermutation.toHuggingFace(stored, rows: tensor.rows, columns: tensor.columns, heads: heads))
                XCTAssertEqual(RotaryRowPermutation.toGGUF(exported.values, rows: tensor.rows, columns: tensor.columns, heads: heads), stored)
            default:
                XCTAssertEqual(exported.values, stored, tensor.name)
            }
        }
    }
}
