import ArgumentParser
import Foundation
import SeedFLLauncher
import SeedFLNode
import SeedFLStore

/// `seedfl ledger show|export`: read a run's ledger without disturbing a live broker
/// (read-only WAL reader; the broker keeps writing).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect a run's ledger (read-only).",
        subcommands: [Show.self, Export.self, Settings.self])

    /// `--run DIR`: the ledger is `DIR/ledger.sqlite`.
    struct Location: ParsableArguments {
        @Option(help: "Run directory holding ledger.sqlite.") var run: String

        func open() throws -> Ledger {
            try Ledger(readOnlyAt: (run as NSString).appendingPathComponent("ledger.sqlite"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print committed rounds, aborted rounds and the integrity check (exit 1 if it fails).")

        @OptionGroup var location: Location

        func run() throws {
            let ledger = try location.open()
            defer { ledger.close() }
            let report = try LedgerReport.render(ledger)
            print(report.text)
            if !report.intact { throw ExitCode.failure }
        }
    }

    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the replay settings the ledger was stamped with (JSON; docs/determinism.md, section 11).")

        @OptionGroup var location: Location

        func run() throws {
            let ledger = try location.open()
            defer { ledger.close() }
            guard let settings = try ledger.replaySettings() else {
                throw ValidationError("\(ledger.path) was written before ledgers recorded their replay settings")
            }
            print(settings)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every committed round as one JSON object per line (stdout by default).")

        @OptionGroup var location: Location
        @Option(help: "Output file (default: standard output).") var out: String?

        func run() throws {
            let ledger = try location.open()
            defer { ledger.close() }
            let handle: FileHandle
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: nil) else {
                    throw ValidationError("cannot create \(out)")
                }
                guard let file = FileHandle(forWritingAtPath: out) else { throw ValidationError("cannot open \(out)") }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            defer { if out != nil { try? handle.close() } }
            try ledger.exportJSONLines { line in try handle.write(contentsOf: Data(line.utf8)) }
        }
    }
}
