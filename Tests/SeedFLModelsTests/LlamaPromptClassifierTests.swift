import XCTest
@testable import SeedFLModels

final class LlamaPromptClassifierTests: XCTestCase {
    func testLossAndAccuracyFollowFromTheVerbalizerLogits() throws {
        let model = try TinyLlama(seed: 41).model()
        let classifier = try LlamaPromptClassifier(verbalizerTokens: [13, 2, 30])
        let prompts = [[1, 5, 9], [7, 7, 7, 7, 3], [22], [39, 0]]
        let labels = [0, 2, 1, 1]
        let result = try classifier.evaluate(model: model, prompts: prompts, labels: labels)

        let full = try model.forward(LlamaBatch(sequences: prompts))
        var loss = 0.0, correct = 0
        for (row, label) in labels.enumerated() {
            let all = Array(full.logits(row: row))
            let scores = classifier.verbalizers.map { Double(all[$0]) }
            loss += -log(exp(scores[label]) / scores.map(exp).reduce(0, +))
            if scores.indices.max(by: { scores[$0] < scores[$1] }) == label { correct += 1 }
        }
        XCTAssertEqual(result.classCount, 3)
        XCTAssertEqual(result.logits.count, 12)
        XCTAssertEqual(result.loss, loss / 4, accuracy: 1e-5)
        XCTAssertEqual(result.accuracy, Double(correct) / 4)
    }

    func testLossIsFiniteForExtremeLogits() throws {
        // Scaling the head by 1e4 makes the logits huge; log-sum-exp must not overflow.
        let tiny = try TinyLlama(seed: 42)
        var tensors = tiny.tensors
        let norm = try XCTUnwrap(tensors["output_norm.weight"])
        tensors["output_norm.weight"] = LlamaSourceTensor(dimensions: norm.dimensions, values: norm.values.map { $0 * 10_000 })
        let model = try LlamaModel(config: tiny.config, source: InMemoryWeightSource(tensors: tensors))
        let classifier = try LlamaPromptClassifier(verbalizerTokens: [4, 5])
        let result = try classifier.evaluate(model: model, prompts: [[1, 2], [3]], labels: [0, 1])
        XCTAssertTrue(result.loss.isFinite)
    }

    func testInvalidClassifiersAndLabelsAreRefused() throws {
        for tokens in [[1], [3, 3], [-1, 2]] {
            XCTAssertThrowsError(try LlamaPromptClassifier(verbalizerTokens: tokens)) {
                XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput)
            }
        }
        let model = try TinyLlama(seed: 43).model()
        let classifier = try LlamaPromptClassifier(verbalizerTokens: [1, 2])
        XCTAssertThrowsError(try classifier.evaluate(model: model, prompts: [[1]], labels: [2])) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput)
        }
        XCTAssertThrowsError(try classifier.evaluate(model: model, prompts: [[1], [2]], labels: [0])) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput)
        }
        let outside = try LlamaPromptClassifier(verbalizerTokens: [1, 40])
        XCTAssertThrowsError(try outside.evaluate(model: model, prompts: [[1]], labels: [0])) {
            XCTAssertEqual(($0 as? LlamaError)?.code, .invalidInput)
        }
    }
}
