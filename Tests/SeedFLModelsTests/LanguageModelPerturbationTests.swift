import Foundation
import SeedFLCore
import SeedFLData
import SeedFLModels
import XCTest

/// The real SmolLM2-135M model and movie-review data, loaded once per test process and shared
/// (the weights are copy-on-write). Tests skip when the assets are absent, unless
/// `SEEDFL_REQUIRE_ASSETS=1`, in which case they fail.
enum LanguageModelAssets {
    struct Loaded: Sendable {
        let weights: LlamaWeights
        let tokenizer: BPETokenizer
        let train: [(text: String, label: Int)]
        let test: [(text: String, label: Int)]
    }

    struct MissingAsset: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing and SEEDFL_REQUIRE_ASSETS=1" }
    }

    /// `<repository>/assets`, found from this file's real location (it may be compiled through a symlink).
    static let assets = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("assets")
    static let modelPath = assets.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    static let dataPath = assets.appendingPathComponent("data/movieReviewSnippets_GroundTruth.txt").path

    private static let shared: Result<Loaded, any Error> = Result {
        let file = try GGUFFile(path: modelPath)
        let reviews = try MovieReviews.load(path: dataPath)
        let split = try reviews.dataset.stratifiedSplit(testSize: 1000, seed: 1)
        return Loaded(
            weights: try LlamaWeights(config: LlamaConfig(gguf: file), source: file),
            tokenizer: try BPETokenizer(gguf: file),
            train: split.train.examples.map { (text: $0.text, label: $0.label) },
            test: split.test.examples.map { (text: $0.text, label: $0.label) })
    }

    static func load() throws -> Loaded {
        for path in [modelPath, dataPath] where !FileManager.default.fileExists(atPath: path) {
            if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" { throw MissingAsset(path: path) }
            throw XCTSkip("\(path) is absent")
        }
        return try shared.get()
    }

    /// A classifier over the `count` shortest training and test sentences of each class
    /// (short prompts keep the tests fast), alternating labels 0, 1, 0, 1, ...
    static func classifier(_ trainable: TrainableTensors, count: Int = 8, blocks: Int? = nil,
                           cache: Bool = true) throws -> LanguageModelClassifier {
        let loaded = try load()
        return try LanguageModelClassifier(
            weights: loaded.weights, tokenizer: loaded.tokenizer,
            train: shortest(loaded.train, count), test: shortest(loaded.test, count),
            options: LanguageModelOptions(trainable: trainable, trainableBlocks: blocks, cachesFrozenPrefix: cache))
    }

    static func shortest(_ examples: [(text: String, label: Int)], _ count: Int) -> [(text: String, label: Int)] {
        let byClass = (0..<2).map { label in
            examples.filter { $0.label == label && $0.text.count >= 20 }.sorted { ($0.text.count, $0.text) < ($1.text.count, $1.text) }.prefix(count)
        }
        return (0..<count).flatMap { [byClass[0][$0], byClass[1][$0]] }
    }
}

/// `loss(at: x, perturbation: (key, mu))` must equal `loss(at: x + mu·z)` computed from an
/// explicitly perturbed vector, bit for bit, and must not write `x`.
final class LanguageModelPerturbationTests: XCTestCase {
    let key = PerturbationKey(seed: 0xC0FFEE, step: 2, perturbation: 1)
    let examples = [0, 3]

    func explicitlyPerturbed(_ x: [Float], scale: Float) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { base in
            out.withUnsafeMutableBufferPointer { Gaussian.perturbed(key, scale: scale, start: 0, base: base, into: $0) }
        }
        return out
    }

    func checkPerturbedEqualsExplicit(_ trainable: TrainableTensors, mu: Float, file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try LanguageModelAssets.classifier(trainable, count: 2)
        var x = model.initialParameters()
        if case .lora = trainable {
            // B = 0 at initialisation hides A's perturbation; give B values so both factors matter.
            for slot in model.adapters {
                let z = Gaussian.vector(PerturbationKey(seed: 5, step: 0, perturbation: 0), start: slot.bOffset, count: slot.bCount)
                for i in 0..<slot.bCount { x[slot.bOffset + i] = 0.01 * z[i] }
            }
        }
        let before = x
        let perturbed = model.loss(at: x, perturbation: Perturbation(key: key, scale: mu), examples: examples)
        XCTAssertEqual(x, before, "x must not be written", file: file, line: line)
        let explicit = model.loss(at: explicitlyPerturbed(x, scale: mu), perturbation: nil, examples: examples)
        XCTAssertEqual(perturbed.bitPattern, explicit.bitPattern, "\(perturbed) vs \(explicit)", file: file, line: line)
        let plain = model.loss(at: x, perturbation: nil, examples: examples)
        XCTAssertNotEqual(perturbed, plain, "the perturbation must change the loss", file: file, line: line)
        // The engine's stored weights were not written either: the plain loss is unchanged.
        XCTAssertEqual(model.loss(at: x, perturbation: nil, examples: examples).bitPattern, plain.bitPattern, file: file, line: line)
    }

    func testFullPerturbedLossEqualsLossAtExplicitlyPerturbedParameters() throws {
        try checkPerturbedEqualsExplicit(.full, mu: 1e-3)
    }

    func testNormsPerturbedLossEqualsLossAtExplicitlyPerturbedParameters() throws {
        try checkPerturbedEqualsExplicit(.norms, mu: 1e-2)
    }

    func testLoRAPerturbedLossEqualsLossAtExplicitlyPerturbedParameters() throws {
        try checkPerturbedEqualsExplicit(.lora(LoRAOptions(rank: 4, alpha: 8, targets: [.q, .k, .v, .o, .gate, .up, .down])), mu: 1e-2)
    }

    func testIA3PerturbedLossEqualsLossAtExplicitlyPerturbedParameters() throws {
        try checkPerturbedEqualsExplicit(.ia3, mu: 1e-2)
    }

    /// (IA)^3 scales are exactly row scalings of K, V and up: the model at scales `s` equals,
    /// bit for bit, the `full` model whose rows were multiplied by `s`, and it starts as the
    /// base model. The export writes those merged rows.
    func testIA3ScalesAreRowScalingsOfTheWeights() throws {
        let ia3 = try LanguageModelAssets.classifier(.ia3, count: 2, blocks: 2, cache: false)
        let full = try LanguageModelAssets.classifier(.full, count: 2, blocks: 2, cache: false)
        let norms = try LanguageModelAssets.classifier(.norms, count: 2, blocks: 2, cache: false)
        XCTAssertEqual(ia3.space.dimension, 2 * (192 + 192 + 1536) + 576)
        var scales = ia3.initialParameters()
        XCTAssertEqual(ia3.loss(at: scales, perturbation: nil, examples: examples).bitPattern,
                       norms.loss(at: norms.initialParameters(), perturbation: nil, examples: examples).bitPattern,
                       "scales of 1 are the base model")
        var merged = full.initialParameters()
        for name in ia3.space.trainable where name.hasSuffix(".ia3") {
            let scaleRange = try XCTUnwrap(ia3.space.range(of: name))
            let weightRange = try XCTUnwrap(full.space.range(of: String(name.dropLast(4))))
            let columns = weightRange.count / scaleRange.count
            for (row, index) in scaleRange.enumerated() {
                let factor: Float = 1 + 0.05 * Float((row * 7 + index) % 11 - 5)
                scales[index] = factor
                for column in 0..<columns { merged[weightRange.lowerBound + row * columns + column] *= factor }
            }
        }
        let moved = ia3.loss(at: scales, perturbation: nil, examples: examples)
        XCTAssertEqual(moved.bitPattern, full.loss(at: merged, perturbation: nil, examples: examples).bitPattern)
        XCTAssertNotEqual(moved, norms.loss(at: norms.initialParameters(), perturbation: nil, examples: examples))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ia3-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try ia3.export(parameters: scales, to: directory)
        let file = try SafeTensorsFile(path: try XCTUnwrap(written.first))
        XCTAssertEqual(Set(file.tensors.map(\.name)), Set((28...29).flatMap { layer in
            ["self_attn.k_proj", "self_attn.v_proj", "mlp.up_proj"].map { "model.layers.\(layer).\($0).weight" }
        } + ["model.norm.weight"]))
        let up = try XCTUnwrap(file.tensor(named: "model.layers.29.mlp.up_proj.weight")).values
        let upRange = try XCTUnwrap(full.space.range(of: "blk.29.ffn_up.weight"))
        XCTAssertEqual(up, Array(merged[upRange]), "up has no rotary permutation: merged rows as trained")
    }

    func testInitialLoRAModelIsTheBaseModelAndOtherParametersAreNot() throws {
        let lora = try LanguageModelAssets.classifier(.lora(LoRAOptions()), count: 2)
        let norms = try LanguageModelAssets.classifier(.norms, count: 2)
        let x = lora.initialParameters()
        let base = norms.loss(at: norms.initialParameters(), perturbation: nil, examples: examples)
        XCTAssertEqual(lora.loss(at: x, perturbation: nil, examples: examples).bitPattern, base.bitPattern)
        XCTAssertTrue(x.contains { $0 != 0 }, "A is initialised")
        XCTAssertEqual(lora.initialParameters(), x, "initialisation is deterministic")

        var moved = x
        for slot in lora.adapters { moved[slot.bOffset] = 0.05 }
        XCTAssertNotEqual(lora.loss(at: moved, perturbation: nil, examples: examples), base)
        var scaled = norms.initialParameters()
        for i in scaled.indices { scaled[i] *= 0.9 }
        XCTAssertNotEqual(norms.loss(at: scaled, perturbation: nil, examples: examples), base)
    }

    func testTwoInstancesAgreeBitForBit() throws {
        let trainable = TrainableTensors.lora(LoRAOptions(rank: 2, alpha: 4, targets: [.v]))
        let first = try LanguageModelAssets.classifier(trainable, count: 2)
        let second = try LanguageModelAssets.classifier(trainable, count: 2)
        let perturbation = Perturbation(key: key, scale: -1e-2)
        let x = first.initialParameters()
        XCTAssertEqual(first.loss(at: x, perturbation: perturbation, examples: [1, 2]).bitPattern,
                       second.loss(at: x, perturbation: perturbation, examples: [1, 2]).bitPattern)
    }
}
