import ArgumentParser
import Foundation
import SeedFLLauncher
import SeedFLNode

/// `seedfl verify --run DIR`: replay the ledger and check every trainer's model against it.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a run's ledger from the base model and compare every trainer's fingerprint with the replay.",
        discussion: "Read-only (safe next to a running broker). Exits non-zero on any fingerprint mismatch.")

    @Option(name: .customLong("run"), help: "Run directory (holds topology.yaml, ledger.sqlite, status/).")
    var runDirectory: String
    @Flag(help: "Print the report as one JSON object.") var json = false

    func run() throws {
        let report: VerificationReport
        do {
            report = try RunVerifier(runDirectory: runDirectory).verify()
        } catch {
            Launcher.standardError("[verify] error: \(error)")
            throw ExitCode.failure
        }
        if json {
            print(String(decoding: try report.json(), as: UTF8.self))
        } else {
            print(report.humanReadable)
        }
        if !report.passed { throw ExitCode.failure }
    }
}
