import Foundation
import XCTest

/// Data that stays with its trainer: `seedfl data split` cuts the run's sentences into one file
/// per trainer and the evaluator's validation and test files, each trainer loads its own file
/// and nothing else (`deployment.trainer_data`), the evaluator only its two
/// (`deployment.evaluation_data`), and the run commits the ledger, and scores, of one whose
/// roles cut their data from the whole dataset.
final class TrainerDataTests: XCTestCase {
    func testTrainersWithOnlyTheirOwnFilesCommitTheSimulatorsLedger() throws {
        let home = try ProcessHarness.runDirectory("data")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let smoke = ProcessHarness.topology("smoke.yaml")
        let split = try ProcessHarness.run(["data", "split", "--topology", smoke, "--out", home + "/shards"])
        XCTAssertEqual(split.status, 0, split.stderr)
        let counts = split.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropLast().last.flatMap { Int($0) }
        }
        XCTAssertEqual(counts.count, 4, split.stdout)
        XCTAssertEqual(counts.reduce(0, +), 9568, "every training sentence in exactly one file")

        let topology = home + "/topology.yaml"
        try String(contentsOfFile: smoke, encoding: .utf8)
            .replacingOccurrences(of: "  checkpoint_every: 20\n",
                                  with: "  checkpoint_every: 20\n  trainer_data: \(home)/shards/trainer-{id}.tsv\n"
                                      + "  evaluation_data: \(home)/shards\n")
            .write(toFile: topology, atomically: true, encoding: .utf8)
        let up = try ProcessHarness.run(["up", topology, "--run-dir", home + "/run", "--rounds", "100", "--fresh", "--json"])
        XCTAssertEqual(up.status, 0, up.stderr.suffix(2000).description)
        let simulated = try ProcessHarness.run(["simulate", smoke, "--rounds", "100", "--json"])
        XCTAssertEqual(ProcessHarness.lastJSON(up.stdout)?["ledger_fingerprint"] as? String,
                       ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String)
        // The evaluator, holding only the validation and test files, scores what the simulator scores.
        let curve = ProcessHarness.lastJSON(simulated.stdout)?["curve"] as? [[String: Any]] ?? []
        let evaluations = try String(contentsOfFile: home + "/run/evaluations.jsonl", encoding: .utf8)
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        for round in [50, 100] {
            let simulatedLoss = curve.first { $0["round"] as? Int == round }?["test_loss"] as? Double
            let evaluatedLoss = evaluations.first { $0["sequence"] as? Int == round }?["test_loss"] as? Double
            XCTAssertNotNil(simulatedLoss)
            XCTAssertEqual(evaluatedLoss, simulatedLoss, "round \(round)")
        }
        let evaluatorLog = (try? String(contentsOfFile: home + "/run/logs/evaluator.log", encoding: .utf8)) ?? ""
        XCTAssert(evaluatorLog.contains("on 0 review sentences (0 validation, 1000 test)"), evaluatorLog.prefix(300).description)
        for id in 0..<4 {
            let log = (try? String(contentsOfFile: "\(home)/run/logs/trainer-\(id).log", encoding: .utf8)) ?? ""
            XCTAssert(log.contains("(0 validation, 0 test)") && log.contains("own data file \(home)/shards/trainer-\(id).tsv"),
                      "trainer \(id) loaded its own file and no evaluation split: \(log.prefix(300))")
        }
    }

    /// A pattern without `{id}`, a data file for the synthetic model and a missing file are
    /// refused with the field or the file named.
    func testBadTrainerDataIsRefusedClearly() throws {
        let home = try ProcessHarness.runDirectory("databad")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let smoke = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for (name, replacement, expected) in [
            ("noid", "  trainer_data: shards/all.tsv\n", "must contain {id}"),
            ("synthetic", "  trainer_data: shards/trainer-{id}.tsv\n", "synthetic model has no data files"),
        ] {
            var text = smoke.replacingOccurrences(of: "  checkpoint_every: 20\n", with: "  checkpoint_every: 20\n" + replacement)
            if name == "synthetic" { text = text.replacingOccurrences(of: "    kind: logreg\n", with: "    kind: synthetic\n") }
            let path = "\(home)/\(name).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try ProcessHarness.run(["simulate", path, "--rounds", "1"])
            XCTAssertNotEqual(result.status, 0, name)
            XCTAssert(result.stderr.contains("trainer_data") && result.stderr.contains(expected), "\(name): \(result.stderr)")
        }
        let missing = try ProcessHarness.run(["trainer", "--topology", ProcessHarness.topology("smoke.yaml"), "--id", "0",
                                              "--run-dir", home + "/run", "--data", home + "/nowhere.tsv"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssert(missing.stderr.contains("nowhere.tsv"), missing.stderr)
    }
}
