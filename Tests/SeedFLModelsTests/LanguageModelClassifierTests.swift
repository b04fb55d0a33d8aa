import SeedFLCore
import SeedFLModels
import XCTest

/// The classifier's space, options validation, zero-shot accuracy and next-token helper on
/// the real SmolLM2-135M.
final class LanguageModelClassifierTests: XCTestCase {
    func testSpacesHoldOnlyTheTrainableTensors() throws {
        let loaded = try LanguageModelAssets.load()
        let config = loaded.weights.config
        let norms = try LanguageModelAssets.classifier(.norms, count: 1)
        XCTAssertEqual(norms.space.dimension, (2 * config.layerCount + 1) * config.hiddenSize)
        XCTAssertEqual(norms.space.trainable.first, "blk.0.attn_norm.weight")
        XCTAssertEqual(norms.space.trainable.last, "output_norm.weight")
        XCTAssertEqual(norms.space.tensors.count, loaded.weights.tensors.count)

        let lora = try LanguageModelAssets.classifier(.lora(LoRAOptions()), count: 1)
        let h = config.hiddenSize, r = 8
        XCTAssertEqual(lora.space.dimension, config.layerCount * ((r * h + h * r) + (r * h + config.keyValueWidth * r)))
        XCTAssertEqual(Array(lora.space.trainable.prefix(4)),
                       ["blk.0.attn_q.weight.lora_a", "blk.0.attn_q.weight.lora_b",
                        "blk.0.attn_v.weight.lora_a", "blk.0.attn_v.weight.lora_b"])
        for slot in lora.adapters {
            XCTAssertEqual(lora.space.range(of: slot.aName), slot.aOffset ..< slot.aOffset + slot.aCount)
            XCTAssertEqual(lora.space.range(of: slot.bName), slot.bOffset ..< slot.bOffset + slot.bCount)
        }
        let full = try LanguageModelAssets.classifier(.full, count: 1)
        XCTAssertEqual(full.space.dimension, loaded.weights.parameterCount)
        XCTAssertEqual(full.trainCount, 2)
        XCTAssertEqual(full.trainLabels, [0, 1])
    }

    func testBadOptionsAndExamplesAreRefusedWithTypedErrors() throws {
        let loaded = try LanguageModelAssets.load()
        func build(_ options: LanguageModelOptions, train: [(text: String, label: Int)] = [("Fine.", 1)]) throws {
            _ = try LanguageModelClassifier(weights: loaded.weights, tokenizer: loaded.tokenizer,
                                            train: train, test: [], options: options)
        }
        func expect(_ code: LanguageModelError.Code, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body()) { XCTAssertEqual(($0 as? LanguageModelError)?.code, code, "\($0)") }
        }
        expect(.invalidOptions) { try build(LanguageModelOptions(template: "It was")) }
        expect(.invalidOptions) { try build(LanguageModelOptions(template: "<sentence> <sentence>")) }
        expect(.invalidOptions) { try build(LanguageModelOptions(verbalizers: [" great"])) }
        expect(.invalidOptions) { try build(LanguageModelOptions(verbalizers: [" terrible", " marvellously"])) }
        expect(.invalidOptions) { try build(LanguageModelOptions(verbalizers: [" great", " great"])) }
        expect(.invalidOptions) { try build(LanguageModelOptions(trainable: .lora(LoRAOptions(rank: 0)))) }
        expect(.invalidOptions) { try build(LanguageModelOptions(trainable: .lora(LoRAOptions(targets: [])))) }
        expect(.invalidOptions) { try build(LanguageModelOptions(batchSize: 0)) }
        expect(.invalidExample) { try build(LanguageModelOptions(), train: [("Fine.", 2)]) }
        expect(.invalidExample) { try build(LanguageModelOptions(maximumTokens: 2), train: [("A long sentence here.", 1)]) }
    }

    func testLongSentencesLoseTheirTailButKeepTheTemplate() throws {
        let loaded = try LanguageModelAssets.load()
        let template = try PromptTemplate("Review: <sentence> It was")
        let sentence = String(repeating: "This film drags on and on. ", count: 20)
        let ids = try template.encode(sentence, tokenizer: loaded.tokenizer, maximumTokens: 16)
        XCTAssertEqual(ids.count, 16)
        XCTAssertTrue(loaded.tokenizer.decode(ids).hasPrefix("Review: This film"))
        XCTAssertTrue(loaded.tokenizer.decode(ids).hasSuffix(" It was"))
        let short = try template.encode("Great.", tokenizer: loaded.tokenizer, maximumTokens: 16)
        XCTAssertEqual(loaded.tokenizer.decode(short), "Review: Great. It was")
    }

    /// 32 negative and 32 positive held-out sentences (the data file is mostly sorted
    /// positive-first, so a prefix of the split would reward always answering "positive").
    func testZeroShotAccuracyOn64BalancedTestSentencesIsAboveChance() throws {
        let loaded = try LanguageModelAssets.load()
        let balanced = (0..<2).flatMap { label in loaded.test.filter { $0.label == label }.prefix(32) }
        let options = LanguageModelOptions(trainable: .norms, verbalizers: LanguageModelOptions.polarityVerbalizers,
                                           template: LanguageModelOptions.reviewTemplate)
        let model = try LanguageModelClassifier(weights: loaded.weights, tokenizer: loaded.tokenizer, train: [],
                                                test: balanced, options: options)
        let result = model.evaluate(at: model.initialParameters(), examples: Array(0..<64))
        XCTAssertEqual(result.examples, 64)
        // Measured: 0.875 (MeZO's "It was" + " terrible"/" great" on the same 64: 0.5, always
        // " great"). Chance is 0.5; 0.65 is 2.4 standard errors above it.
        XCTAssertGreaterThan(try XCTUnwrap(result.accuracy), 0.65)
    }

    func testTopTokensMatchTheKnownAnswer() throws {
        let model = try LanguageModelAssets.classifier(.norms, count: 1)
        let prompt = "The movie was absolutely wonderful. It was"
        let top = try model.topTokens(prompt: prompt, count: 5)
        XCTAssertEqual(Set(top.map(\.token)), [" a", " just", " so", " like", " amazing"])
        XCTAssertEqual(top.map(\.probability), top.map(\.probability).sorted(by: >))
        XCTAssertTrue(top.allSatisfy { $0.probability > 0 && $0.probability < 1 })
        // At the initial parameters (read from x through the transform) the answer is the same.
        let atX = try model.topTokens(prompt: prompt, count: 5, at: model.initialParameters())
        XCTAssertEqual(atX.map(\.token), top.map(\.token))
        XCTAssertThrowsError(try model.topTokens(prompt: "", count: 5))
        XCTAssertThrowsError(try model.topTokens(prompt: prompt, count: 5, at: [1, 2, 3]))
    }
}
