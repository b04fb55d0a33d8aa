import Foundation
import SeedFLCore
import SeedFLModels
import XCTest
@testable import SeedFLNode

/// `seedfl up` with an evaluator: a passive subscriber that scores a validation split while the
/// run goes on. Its models must be the ledger's bit for bit, the schedule's rates must be what
/// the ledger holds, and the exported checkpoint must be the replay at the selected sequence.
final class EvaluatorRunTests: XCTestCase {
    static func topologyText(rounds: Int) throws -> String {
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "  rounds: 300", with: "  rounds: \(rounds)")
        text = text.replacingOccurrences(of: "  eval_every: 50", with: "  eval_every: 10")
        text = text.replacingOccurrences(of: "    test_size: 1000", with: "    test_size: 1000\n    validation_size: 400")
        text = text.replacingOccurrences(of: "    lr: 0.2", with: "    lr: 0.2\n    lr_schedule: cosine\n    warmup_rounds: 5\n    final_lr_fraction: 0.1")
        return text
    }

    func testEvaluatorFollowsTheRunAndTheSelectedCheckpointExportsAsTheReplay() throws {
        let dir = try ProcessHarness.runDirectory("eval")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let topologyPath = dir + "/topology.yaml"
        try Self.topologyText(rounds: 40).write(toFile: topologyPath, atomically: true, encoding: .utf8)
        let topology = try TopologyFile.load(path: topologyPath)
        XCTAssertEqual(topology.run.schedule, LearningRateSchedule(decay: .cosine, warmupRounds: 5, finalFraction: 0.1))
        let run = try ProcessHarness.run(["up", topologyPath, "--run-dir", dir + "/run", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr.suffix(3000).description)
        let summary = ProcessHarness.lastJSON(run.stdout) ?? [:]
        XCTAssertEqual(summary["passed"] as? Bool, true)
        XCTAssertEqual(summary["evaluations_checked"] as? Int, 5, "sequences 0, 10, 20, 30 and 40")
        XCTAssertEqual(summary["evaluation_mismatches"] as? Int, 0)
        let selected = try XCTUnwrap(summary["selected_sequence"] as? Int)
        XCTAssertTrue([0, 10, 20, 30, 40].contains(selected))
        XCTAssertNotNil(summary["validation_accuracy"] as? Double)
        XCTAssertNotNil(summary["test_accuracy"] as? Double)
        XCTAssertEqual(summary["zero_shot_test_accuracy"] as? Double, summary["initial_accuracy"] as? Double)
        XCTAssertEqual(summary["parameters"] as? Int, 512)

        // The evaluator saw every commit, with the scheduled rate the ledger holds.
        let rounds = try JSONLines<RoundRecord>.read(dir + "/run/rounds.jsonl")
        XCTAssertEqual(rounds.records.map(\.sequence), Array(1...40))
        for record in rounds.records {
            let scheduled = topology.run.learningRate(sequence: UInt64(record.sequence))
            XCTAssertEqual(record.learningRate, Double(scheduled), "sequence \(record.sequence)")
        }
        XCTAssertLessThan(rounds.records[0].learningRate ?? 1, rounds.records[5].learningRate ?? 0, "warm-up")
        XCTAssertLessThan(rounds.records[39].learningRate ?? 1, rounds.records[10].learningRate ?? 0, "decay")

        // The distributed run commits exactly what the in-process simulator commits.
        var simulator = Simulator(run: topology.run, prepared: try ModelFactory.prepare(topology.run))
        let simulated = try simulator.simulate()
        XCTAssertEqual(summary["ledger_fingerprint"] as? String, simulated.ledgerFingerprint)
        XCTAssertEqual(simulator.ledger.map(\.learningRate), rounds.records.map { Float($0.learningRate ?? 0) })

        // Default export: the validation-selected model; --sequence N: the replay at N.
        let evaluations = try JSONLines<EvaluationRecord>.read(dir + "/run/evaluations.jsonl").records
        for (arguments, sequence) in [([String](), selected), (["--sequence", "20"], 20)] {
            let out = dir + "/w\(sequence).safetensors"
            let export = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", out] + arguments)
            XCTAssertEqual(export.status, 0, export.stderr)
            XCTAssert(export.stdout.contains("exporting sequence \(sequence)"), export.stdout)
            let weight = try XCTUnwrap(try SafeTensorsFile(path: out).tensor(named: "weight"))
            XCTAssertEqual(Fingerprint.of(weight.values), evaluations.first { $0.sequence == sequence }?.fingerprint)
        }

        // A forged evaluation is caught by verification (and by export, which replays to it).
        let path = dir + "/run/evaluations.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let victim = try XCTUnwrap(lines.firstIndex { $0.contains("\"sequence\":20") })
        let forged = try XCTUnwrap(evaluations.first { $0.sequence == 20 }?.fingerprint)
        lines[victim] = lines[victim].replacingOccurrences(of: forged, with: String(repeating: "0", count: 64))
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try ProcessHarness.run(["verify", "--run", dir + "/run", "--json"])
        XCTAssertNotEqual(verify.status, 0)
        let report = ProcessHarness.lastJSON(verify.stdout) ?? [:]
        XCTAssertEqual((report["checkpoint"] as? [String: Any])?["mismatches"] as? Int, 1)
        let bad = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", dir + "/bad.safetensors", "--sequence", "20"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssert(bad.stderr.contains("inconsistent"), bad.stderr)
    }
}
