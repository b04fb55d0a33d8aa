import Foundation
@testable import SeedFLNode

/// Run directories for the report tests: a summary, ~50 rounds and ~6 evaluations with
/// deterministic values shaped like a real run (loss falling, accuracy rising, rounds
/// taking 1.5 to 2.4 s).
enum RunReportFixture {
    static let start: Int64 = 1_764_730_000_123

    /// A fresh empty directory under the temporary directory.
    static func directory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "seedfl-report-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every key the report reads, as `seedfl up` would write them for a DeComFL run of
    /// SmolLM2-135M's full parameter count with 8 trainers, 2 sampled per round.
    static func summary(rounds: Int = 50) -> [String: Any] {
        ["rounds_committed": rounds, "seconds": 112.4, "uplink_bytes_per_trainer_per_round": 84.0,
         "downlink_bytes_per_trainer_per_round": 251.0, "parameters": 134_515_008, "algorithm": "decomfl",
         "clients": 8, "sample": 2, "zero_shot_test_accuracy": 0.6, "validation_accuracy": 0.78,
         "test_accuracy": 0.748, "final_accuracy": 0.765, "selected_sequence": 40,
         "ledger_fingerprint": String(repeating: "3f9a", count: 16), "run_dir": "runs/local"]
    }

    /// Round `sequence` of the fixture: commit times 1.5-2.4 s apart, loss decaying.
    static func round(_ sequence: Int) -> [String: Any] {
        let ms = (1...max(1, sequence)).reduce(start) { t, s in t + 1500 + Int64((s * 373) % 900) }
        let loss = 0.42 + 0.3 * exp(-Double(sequence) / 15) + 0.01 * sin(Double(sequence))
        return ["sequence": sequence, "round": sequence, "unix_ms": ms, "mean_loss": loss,
                "learning_rate": 0.002, "contributors": 2]
    }

    /// The evaluation of `sequence` (0 = base model, 20 s before the first commit).
    static func evaluation(_ sequence: Int, index: Int) -> [String: Any] {
        let ms = sequence == 0 ? start - 20_000 : (round(sequence)["unix_ms"] as! Int64) + 800
        var line: [String: Any] = ["sequence": sequence, "unix_ms": ms, "validation_loss": 0.6 - 0.03 * Double(index),
                                   "validation_accuracy": 0.62 + 0.04 * Double(index),
                                   "fingerprint": String(format: "ab%04d", sequence)]
        if index % 3 != 1 {   // some evaluations score the test split too, some do not
            line["test_loss"] = 0.61 - 0.03 * Double(index)
            line["test_accuracy"] = 0.6 + 0.037 * Double(index)
        }
        return line
    }

    /// A complete run directory: summary, `rounds` rounds, evaluations every 10 rounds.
    static func fullRun(_ label: String, rounds: Int = 50) throws -> String {
        let dir = try directory(label)
        try writeJSON(summary(rounds: rounds), to: dir + "/summary.json")
        try writeLines((1...rounds).map { try line(round($0)) }, to: dir + "/rounds.jsonl")
        let evaluated = Array(stride(from: 0, through: rounds, by: 10))
        try writeLines(try evaluated.enumerated().map { try line(evaluation($1, index: $0)) },
                       to: dir + "/evaluations.jsonl")
        return dir
    }

    static func line(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func writeJSON(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    static func writeLines(_ lines: [String], to path: String) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    static func writeText(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
