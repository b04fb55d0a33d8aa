import ArgumentParser
import SeedFLNode
import SeedFLReport

/// `seedfl report --run DIR [--out PATH]`: the run's plots as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page with plots of a run's loss, accuracy, traffic and round times.",
        discussion: """
            Reads summary.json, rounds.jsonl and evaluations.jsonl from the run directory. The page \
            has inline CSS and SVG only, no external files or URLs, so it can be mailed or archived \
            as is. A missing rounds.jsonl or evaluations.jsonl leaves its plots empty with a note; \
            malformed lines are skipped and counted on the page.
            """)

    @Option(name: .customLong("run"), help: "Run directory (holds summary.json).") var runDirectory: String
    @Option(help: "Output HTML file (default: <run>/report.html).") var out: String?

    func run() throws {
        let outcome = try RunReport.write(runDirectory: runDirectory, to: out)
        print(outcome.humanReadable)
    }
}
