import Foundation
import SeedFLNode

/// `seedfl report`: one self-contained HTML page (inline CSS and SVG, no URLs) with the
/// plots of a finished or running run, built from the files `seedfl up` leaves in the run
/// directory (`summary.json`, `rounds.jsonl`, `evaluations.jsonl`). See `docs/report.md`.
public enum RunReport {
    /// What ``write(runDirectory:to:limits:)`` produced.
    public struct Outcome: Sendable, Hashable {
        /// Where the page was written.
        public var path: String
        /// Plots on the page.
        public var plots: Int
        /// Rounds read from `rounds.jsonl` (nil: no such file).
        public var rounds: Int?
        /// Evaluations read from `evaluations.jsonl` (nil: no such file).
        public var evaluations: Int?
        /// Lines skipped as malformed, over both JSON Lines files.
        public var malformedLines: Int

        /// One line for people.
        public var humanReadable: String {
            "wrote \(path): \(plots) plots, "
                + (rounds.map { "\($0) rounds" } ?? "no rounds.jsonl") + ", "
                + (evaluations.map { "\($0) evaluations" } ?? "no evaluations.jsonl")
                + (malformedLines > 0 ? ", \(malformedLines) malformed line(s) skipped" : "")
        }
    }

    /// The default page location: `report.html` inside the run directory.
    public static func defaultPath(runDirectory: String) -> String { runDirectory + "/report.html" }

    /// Reads `runDirectory`, writes the page to `path` (default ``defaultPath(runDirectory:)``)
    /// atomically, so a browser never sees half a page.
    @discardableResult
    public static func write(runDirectory: String, to path: String? = nil,
                             limits: RunReportLimits = .default) throws -> Outcome {
        let input = try RunReportInput.load(runDirectory: runDirectory, limits: limits)
        let plots = RunReportPlots.all(input)
        let page = RunReportPage.html(input, plots: plots, directory: runDirectory)
        let target = path ?? defaultPath(runDirectory: runDirectory)
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw RunReportError(.write, "cannot write \(target): \(error.localizedDescription)")
        }
        return Outcome(path: target, plots: plots.count, rounds: input.rounds?.count,
                       evaluations: input.evaluations?.count,
                       malformedLines: input.malformedRoundLines + input.malformedEvaluationLines)
    }
}
