import Foundation
import XCTest

/// The real language model across real processes: a short DeComFL fine-tune of
/// SmolLM2-135M for every trainable set (norms, the top blocks' norms from a frozen-prefix
/// cache with an evaluator, (IA)^3, LoRA, every weight), with every trainer ending on the ledger's
/// model, and weights that export under Hugging Face names.
final class LanguageModelRunTests: XCTestCase {
    /// Runs `llm-tiny.yaml` with its `model:` lines replaced by `model`, and checks the run.
    private func fineTune(_ label: String, model: String, extra: String = "", evalEvery: Int = 0, algorithm: String = "decomfl",
                          file: StaticString = #filePath, line: UInt = #line) throws -> (dir: String, summary: [String: Any]) {
        let path = ProcessHarness.repository.appendingPathComponent("assets/models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        if !FileManager.default.fileExists(atPath: path) && ProcessInfo.processInfo.environment["SEEDFL_ASSETS"] == nil {
            if ProcessInfo.processInfo.environment["SEEDFL_REQUIRE_ASSETS"] == "1" {
                XCTFail("the model is missing: run Scripts/fetch-assets.sh", file: file, line: line)
            }
            throw XCTSkip("the model is not fetched (Scripts/fetch-assets.sh)")
        }
        let dir = try ProcessHarness.runDirectory("llm-\(label)")
        var text = try String(contentsOfFile: ProcessHarness.topology("llm-tiny.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "    trainable: norms\n    trainable_blocks: all\n", with: model)
        text = text.replacingOccurrences(of: "    train_limit: 24\n", with: "    train_limit: 24\n" + extra)
        text = text.replacingOccurrences(of: "  eval_every: 0\n", with: "  eval_every: \(evalEvery)\n")
        text = text.replacingOccurrences(of: "  algorithm: decomfl\n", with: "  algorithm: \(algorithm)\n")
        let topology = dir + "/topology.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        let run = try ProcessHarness.run(["up", topology, "--run-dir", dir + "/run", "--json"], timeout: 900)
        XCTAssertEqual(run.status, 0, run.stderr.suffix(4000).description, file: file, line: line)
        let summary = ProcessHarness.lastJSON(run.stdout) ?? [:]
        XCTAssertEqual(summary["rounds_committed"] as? Int, 4, file: file, line: line)
        XCTAssertEqual(summary["fingerprint_mismatches"] as? Int, 0, file: file, line: line)
        XCTAssertEqual((summary["trainer_fingerprints"] as? [String: String])?.count, 3, file: file, line: line)
        XCTAssertEqual(summary["passed"] as? Bool, true, file: file, line: line)
        return (dir, summary)
    }

    func testNormsFineTuneAcrossProcessesLowersTrainingLossAndExports() throws {
        let (dir, summary) = try fineTune("norms", model: "    trainable: norms\n    trainable_blocks: all\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, 61 * 576)
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

    func testTopBlocksFromTheFrozenPrefixCacheWithAnEvaluator() throws {
        let (dir, summary) = try fineTune(
            "top", model: "    trainable: norms\n    trainable_blocks: 2\n",
            extra: "    validation_size: 16\n", evalEvery: 2)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, 5 * 576)
        XCTAssertEqual(summary["evaluation_mismatches"] as? Int, 0)
        XCTAssertEqual(summary["evaluations_checked"] as? Int, 3, "the base model, sequence 2 and the last round")
        XCTAssertNotNil(summary["selected_sequence"] as? Int)
        XCTAssertNotNil(summary["test_accuracy"] as? Double)
    }

    func testLoRAFineTuneAcrossProcesses() throws {
        let (dir, summary) = try fineTune(
            "lora", model: "    trainable: lora\n    trainable_blocks: all\n    lora_rank: 2\n    lora_targets: [q, v]\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, 30 * (2 * 576 + 576 * 2 + 2 * 576 + 192 * 2))
        let weights = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", dir + "/peft"])
        XCTAssertEqual(weights.status, 0, weights.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: dir + "/peft/adapter_config.json"))
        // The ledger names the base model by its file's SHA-256 and the LoRA layout over it.
        let settings = try ProcessHarness.run(["ledger", "settings", "--run", dir + "/run"])
        XCTAssertEqual(settings.status, 0, settings.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(settings.stdout.utf8)) as? [String: Any]
        let model = object?["model"] as? [String: Any] ?? [:]
        XCTAssertEqual(model["initial_parameters"] as? String, "gguf")
        XCTAssertEqual(model["trainable"] as? String, "lora")
        XCTAssertEqual(model["lora_rank"] as? Int, 2)
        XCTAssertEqual(model["lora_targets"] as? [String], ["q", "v"])
        let gguf = (ProcessInfo.processInfo.environment["SEEDFL_ASSETS"]
            ?? ProcessHarness.repository.appendingPathComponent("assets").path) + "/models/SmolLM2-135M-Instruct.Q4_1.gguf"
        let sum = Process()
        sum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sum.arguments = [gguf]
        let pipe = Pipe()
        sum.standardOutput = pipe
        try sum.run()
        let digest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        sum.waitUntilExit()
        XCTAssertEqual(model["file_sha256"] as? String, String(digest))
    }

    /// (IA)^3 on the top 2 blocks from the frozen-prefix cache (the model section's defaults
    /// otherwise: the main job's prompt), exported as merged weights.
    func testIA3FineTuneAcrossProcessesExportsMergedWeights() throws {
        let (dir, summary) = try fineTune("ia3", model: "    trainable: ia3\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, 2 * (192 + 192 + 1536) + 576, "the default is the top 2 blocks")
        let weights = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", dir + "/hf"])
        XCTAssertEqual(weights.status, 0, weights.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: dir + "/hf/model.safetensors"))
    }

    /// A dense algorithm's frames are d floats long. With d declared (`model.parameters`) the
    /// broker, aggregator and forwarder size them without reading the GGUF (their peak memory
    /// stays that of a process without the model), and every role that builds the model checks
    /// the declaration: a wrong one is refused naming the field and both numbers.
    func testADeclaredDimensionSparesTheServersTheModelAndIsChecked() throws {
        let d = 61 * 576
        let (dir, summary) = try fineTune("declared", model: "    trainable: norms\n    trainable_blocks: all\n    parameters: \(d)\n",
                                          algorithm: "fedzo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, d)
        let peaks = try XCTUnwrap(summary["peak_rss_bytes"] as? [String: Int])
        for role in ["broker", "aggregator-root"] {
            XCTAssertLessThan(peaks[role] ?? .max, 100_000_000, "\(role) read no model: \(peaks)")
        }
        XCTAssertGreaterThan(peaks["trainer-0"] ?? 0, 300_000_000, "a trainer holds the model: \(peaks)")

        let wrong = dir + "/wrong.yaml"
        try String(contentsOfFile: dir + "/topology.yaml", encoding: .utf8)
            .replacingOccurrences(of: "    parameters: \(d)\n", with: "    parameters: \(d + 1)\n")
            .write(toFile: wrong, atomically: true, encoding: .utf8)
        let refused = try ProcessHarness.run(["simulate", wrong, "--rounds", "1"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssert(refused.stderr.contains("run.model.parameters") && refused.stderr.contains("\(d + 1)")
                  && refused.stderr.contains("\(d)"), refused.stderr)
    }

    func testFullFineTuneAcrossProcesses() throws {
        let (dir, summary) = try fineTune("full", model: "    trainable: full\n    trainable_blocks: all\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(summary["parameters"] as? Int, 134_515_008)
    }
}
