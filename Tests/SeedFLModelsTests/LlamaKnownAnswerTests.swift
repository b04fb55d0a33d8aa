import Foundation
import XCTest
@testable import SeedFLModels

/// The real SmolLM2-135M-Instruct (Q4_1 GGUF) end to end: tokenizer, dequantised weights,
/// forward pass. Skipped when the model file is absent, unless `SEEDFL_REQUIRE_ASSETS=1`.
final class LlamaKnownAnswerTests: XCTestCase {
    static let modelFile = "SmolLM2-135M-Instruct.Q4_1.gguf"

    /// `<repository>/assets/models/<file>`, found from this source file's real location (the
    /// test may be compiled through a symlink).
    func modelPath() throws -> String {
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repository.appendingPathComponent("assets/models/\(Self.modelFile)").path
        if FileManager.default.fileExists(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" {
            throw MissingAsset(path: path) // an error, not a skip: the test fails
        }
        throw XCTSkip("\(path) is absent")
    }

    struct MissingAsset: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing and SEEDFL_REQUIRE_ASSETS=1" }
    }

    func testSmolLM2PredictsTheKnownNextTokens() throws {
        let file = try GGUFFile(path: try modelPath())
        let tokenizer = try BPETokenizer(gguf: file)
        let model = try LlamaModel(gguf: file)
        XCTAssertEqual(model.config, .smolLM2_135M)

        // llama.cpp adds BOS only when the file says so; SmolLM2's says false.
        let addBOS: Bool
        if case .bool(let value)? = file.metadata["tokenizer.ggml.add_bos_token"] { addBOS = value } else { addBOS = false }
        let prompt = tokenizer.encode("The movie was absolutely wonderful. It was", addBOS: addBOS)
        XCTAssertEqual(prompt.count, 8)

        // A position-sensitive prompt in the same batch: with the wrong rotary pairing (neox
        // instead of adjacent pairs) the movie prompt still looks plausible, but the weekday
        // sequence falls apart (measured: " Friday" drops from p = 0.91 to out of the top 3).
        let weekdays = tokenizer.encode("Monday, Tuesday, Wednesday, Thursday,", addBOS: addBOS)
        let output = try model.forward(LlamaBatch(sequences: [prompt, weekdays]))
        let logits = Array(output.logits(row: 0))
        XCTAssertEqual(logits.count, 49_152)
        let topFive = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(5)
        XCTAssertEqual(Set(topFive.map { tokenizer.decode([$0]) }), [" a", " just", " so", " like", " amazing"])

        let next = Array(output.logits(row: 1)).map(Double.init)
        let best = try XCTUnwrap(next.indices.max { next[$0] < next[$1] })
        XCTAssertEqual(tokenizer.decode([best]), " Friday")
        let probability = 1 / next.reduce(0) { $0 + exp($1 - next[best]) }
        XCTAssertGreaterThan(probability, 0.5)

        // Verbalizer-only logits (what prompt classification computes) agree with the full head.
        let verbalizers = [" great", " terrible"].map { tokenizer.encode($0) }
        XCTAssertTrue(verbalizers.allSatisfy { $0.count == 1 })
        let rows = verbalizers.map { $0[0] }
        let two = try model.forward(LlamaBatch(sequences: [prompt]), request: LlamaOutputRequest(vocabulary: .rows(rows)))
        for (column, row) in rows.enumerated() {
            XCTAssertEqual(two.logits[column], logits[row], accuracy: 1e-4)
        }
        XCTAssertGreaterThan(two.logits[0], two.logits[1], "a wonderful movie is great, not terrible")

        // MeZO-style sentiment prompts, zero-shot: clear cases only (the margins are > 1 logit).
        let classifier = try LlamaPromptClassifier(tokenizer: tokenizer)
        XCTAssertEqual(classifier.verbalizers, [rows[1], rows[0]])
        let sentences = ["The movie was absolutely wonderful.", "The acting was awful and the plot made no sense."]
        let result = try classifier.evaluate(
            model: model, prompts: sentences.map { classifier.encode($0, tokenizer: tokenizer) }, labels: [1, 0])
        XCTAssertEqual(result.accuracy, 1)
        XCTAssertLessThan(result.loss, log(2.0), "better than chance")
    }
}
