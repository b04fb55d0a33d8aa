import Foundation
import XCTest

/// The real language model across real processes: a short DeComFL fine-tune of
/// SmolLM2-135M (norm weights) whose training loss falls, with every trainer ending on the
/// ledger's model, and whose weights export under Hugging Face names.
final class LanguageModelRunTests: XCTestCase {
    func testShortFineTuneAcrossProcessesLowersTrainingLoss() throws {
        let model = ProcessHarness.repository.appendingPathComponent("assets/models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        let assets = ProcessInfo.processInfo.environment["SEEDFL_ASSETS"]
        if !FileManager.default.fileExists(atPath: model) && assets == nil {
            if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" {
                return XCTFail("the model is missing: run Scripts/fetch-assets.sh")
            }
            throw XCTSkip("the model is not fetched (Scripts/fetch-assets.sh)")
        }
        let dir = try ProcessHarness.runDirectory("llm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try ProcessHarness.run(["up", ProcessHarness.topology("llm-tiny.yaml"), "--run-dir", dir + "/run", "--json"],
                                         timeout: 900)
        XCTAssertEqual(run.status, 0, run.stderr.suffix(4000).description)
        let summary = ProcessHarness.lastJSON(run.stdout) ?? [:]
        XCTAssertEqual(summary["rounds_committed"] as? Int, 4)
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0)
        XCTAssertEqual((summary["trainer_fingerprints"] as? [String: String])?.count, 3)

        // Mean training loss per committed round, from the ledger.
        let export = try ProcessHarness.run(["ledger", "export", "--run", dir + "/run"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let losses = export.stdout.split(separator: "\n").compactMap { line -> Double? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["mean_loss"] as? NSNumber)?.doubleValue
        }
        XCTAssertEqual(losses.count, 4, export.stdout)
        XCTAssertLessThan(losses.last ?? .infinity, losses.first ?? 0, "training loss fell: \(losses)")

        let weights = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", dir + "/hf"])
        XCTAssertEqual(weights.status, 0, weights.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: dir + "/hf/model.safetensors"))
    }
}
