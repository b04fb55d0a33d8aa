import Foundation
import XCTest

/// A ledger can be replayed from docs/determinism.md alone: `Scripts/replay-ledger.py`
/// (NumPy, written from section 11, no SeedFL code) rebuilds the model of a real distributed
/// run from `seedfl ledger settings` and `seedfl ledger export`, and both of its fingerprints
/// must equal the ones SeedFL reports.
final class IndependentReplayTests: XCTestCase {
    /// Momentum, weight decay, K = 2, P = 3 and the private seed shift: every term of the
    /// update rule, in a decomfl run; a fedzo run for dense rounds; and a decomfl run with a
    /// seed pool of 4 (the model rebuilt from per-direction coefficients).
    func testAnIndependentReaderRebuildsBothFingerprints() throws {
        try XCTSkipUnless(Self.hasNumPy, "python3 with NumPy is needed for the independent reader")
        for variant in ["decomfl", "fedzo", "pooled"] {
            let algorithm = variant == "pooled" ? "decomfl" : variant
            let dir = try ProcessHarness.runDirectory("ir-\(variant)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
            text = text.replacingOccurrences(of: "algorithm: decomfl", with: "algorithm: \(algorithm)")
                .replacingOccurrences(of: "buckets: 512", with: "buckets: 64")
                .replacingOccurrences(of: "local_steps: 1", with: "local_steps: 2")
                .replacingOccurrences(of: "perturbations: 5", with: "perturbations: 3")
                .replacingOccurrences(of: "  seed: 7\n", with: "  seed: 7\n  seed_shift: private\n")
                .replacingOccurrences(of: "snapshot_every: 10", with: "snapshot_every: 0")
            if variant == "decomfl" {
                text = text.replacingOccurrences(of: "batch_size: 32\n",
                                                 with: "batch_size: 32\n    momentum: 0.5\n    weight_decay: 0.01\n")
            } else if variant == "pooled" {
                text = text.replacingOccurrences(of: "batch_size: 32\n", with: "batch_size: 32\n    seed_pool: 4\n")
                    .replacingOccurrences(of: "snapshot_lag: 20", with: "snapshot_lag: 0")
            }
            let topology = dir + "/topology.yaml"
            try text.write(toFile: topology, atomically: true, encoding: .utf8)
            let run = dir + "/run"
            let secret = try ProcessHarness.seedSecretFile(in: dir, "s3cret")
            let up = try ProcessHarness.run(["up", topology, "--rounds", "10", "--run-dir", run, "--json"], environment: secret)
            XCTAssertEqual(up.status, 0, up.stderr.suffix(3000).description)
            let summary = ProcessHarness.lastJSON(up.stdout) ?? [:]
            XCTAssertEqual(summary["rounds_committed"] as? Int, 10, variant)

            let settings = try ProcessHarness.run(["ledger", "settings", "--run", run])
            XCTAssertEqual(settings.status, 0, settings.stderr)
            let settingsJSON = try JSONSerialization.jsonObject(with: Data(settings.stdout.utf8)) as? [String: Any] ?? [:]
            XCTAssertEqual(settingsJSON["seed_shift"] as? String, "hmac-sha256", algorithm)
            XCTAssertEqual(settingsJSON["algorithm"] as? String, algorithm)
            XCTAssertEqual(settingsJSON["seed_pool"] as? Int, variant == "pooled" ? 4 : nil)
            try settings.stdout.write(toFile: dir + "/settings.json", atomically: true, encoding: .utf8)
            let export = try ProcessHarness.run(["ledger", "export", "--run", run, "--out", dir + "/rounds.jsonl"])
            XCTAssertEqual(export.status, 0, export.stderr)
            let verify = try ProcessHarness.run(["verify", "--run", run, "--json"], environment: secret)
            XCTAssertEqual(verify.status, 0, verify.stderr)
            let verified = ProcessHarness.lastJSON(verify.stdout) ?? [:]

            let reader = try Self.python([dir + "/settings.json", dir + "/rounds.jsonl", "--secret", "s3cret"])
            XCTAssertEqual(reader.status, 0, reader.stderr)
            let replayed = ProcessHarness.lastJSON(reader.stdout) ?? [:]
            XCTAssertEqual(replayed["rounds"] as? Int, 10, algorithm)
            XCTAssertEqual(replayed["ledger_fingerprint"] as? String, verified["ledger_fingerprint"] as? String, algorithm)
            XCTAssertEqual(replayed["model_fingerprint"] as? String, verified["model_fingerprint"] as? String, algorithm)
            XCTAssertNotNil(verified["model_fingerprint"] as? String)
            if variant == "pooled" {
                // Ten rounds drew their seeds from four.
                // (Read as text: a u64 seed may not fit JSONSerialization's integers.)
                let lines = try String(contentsOfFile: dir + "/rounds.jsonl", encoding: .utf8).split(separator: "\n")
                let seeds = Set(lines.compactMap { line in
                    line.firstRange(of: #/"seed":\s*(\d+)/#).map { String(line[$0]) }
                })
                XCTAssertEqual(lines.count, 10)
                XCTAssert((1...4).contains(seeds.count), "\(seeds)")
            }

            if variant == "decomfl" {
                // The check can fail: another secret gives another model, same ledger.
                let wrong = try Self.python([dir + "/settings.json", dir + "/rounds.jsonl", "--secret", "other"])
                let other = ProcessHarness.lastJSON(wrong.stdout) ?? [:]
                XCTAssertEqual(other["ledger_fingerprint"] as? String, verified["ledger_fingerprint"] as? String)
                XCTAssertNotEqual(other["model_fingerprint"] as? String, verified["model_fingerprint"] as? String)
                // A topology edited after the run no longer matches the ledger's settings:
                // verify says so instead of replaying another optimiser.
                let copy = run + "/topology.yaml"
                let edited = try String(contentsOfFile: copy, encoding: .utf8)
                    .replacingOccurrences(of: "momentum: 0.5", with: "momentum: 0.6")
                try edited.write(toFile: copy, atomically: true, encoding: .utf8)
                let refused = try ProcessHarness.run(["verify", "--run", run], environment: secret)
                XCTAssertNotEqual(refused.status, 0)
                XCTAssertTrue(refused.stderr.contains("replay settings"), refused.stderr)
            }
        }
    }

    static var hasNumPy: Bool {
        (try? python(["-c", "import numpy"], script: false).status) == 0
    }

    /// Runs `python3 Scripts/replay-ledger.py arguments...` (or `python3 arguments...`).
    static func python(_ arguments: [String], script: Bool = true) throws -> ProcessHarness.Result {
        let path = ProcessHarness.repository.appendingPathComponent("Scripts/replay-ledger.py").path
        return try ProcessHarness.run(["python3"] + (script ? [path] : []) + arguments, executable: "/usr/bin/env")
    }
}
