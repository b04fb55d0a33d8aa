import Foundation
import SeedFLNode

/// Everything the report reads from a run directory, parsed and counted.
struct RunReportInput: Sendable {
    /// `summary.json`.
    var summary: RunReportSummary
    /// `rounds.jsonl` sorted by sequence, or nil when the file does not exist.
    var rounds: [RoundRecord]?
    /// `evaluations.jsonl` sorted by sequence, or nil when the file does not exist.
    var evaluations: [EvaluationRecord]?
    /// Lines of `rounds.jsonl` that were skipped as malformed.
    var malformedRoundLines = 0
    /// Lines of `evaluations.jsonl` that were skipped as malformed.
    var malformedEvaluationLines = 0

    /// The file names inside a run directory.
    enum FileName {
        static let summary = "summary.json"
        static let rounds = "rounds.jsonl"
        static let evaluations = "evaluations.jsonl"
    }

    /// Reads `directory`'s three files. A missing or unusable summary is an error (there
    /// is no run to describe); missing JSON Lines files are recorded as nil.
    static func load(runDirectory directory: String, limits: RunReportLimits = .default) throws -> RunReportInput {
        let summaryPath = directory + "/" + FileName.summary
        guard let summaryData = try BoundedFile.read(summaryPath, limits: limits) else {
            throw RunReportError(.missingSummary, "\(summaryPath) does not exist; `seedfl up` writes it at the end of a run")
        }
        let summary: RunReportSummary
        do {
            summary = try JSONDecoder().decode(RunReportSummary.self, from: summaryData)
        } catch {
            throw RunReportError(.badSummary, "\(summaryPath) is not a JSON object with an integer rounds_committed "
                                 + "and a number seconds")
        }
        var input = RunReportInput(summary: summary)
        let roundsPath = directory + "/" + FileName.rounds
        if let data = try BoundedFile.read(roundsPath, limits: limits) {
            let parsed = try JSONLines<RoundRecord>.parse(data, file: roundsPath, limits: limits)
            input.rounds = stableSorted(parsed.records, by: \.sequence)
            input.malformedRoundLines = parsed.malformed
        }
        let evaluationsPath = directory + "/" + FileName.evaluations
        if let data = try BoundedFile.read(evaluationsPath, limits: limits) {
            let parsed = try JSONLines<EvaluationRecord>.parse(data, file: evaluationsPath, limits: limits)
            input.evaluations = stableSorted(parsed.records, by: \.sequence)
            input.malformedEvaluationLines = parsed.malformed
        }
        return input
    }

    /// Sorted by `key`, ties in file order: the files are written in sequence order, but a
    /// resumed run may append out of order, and the plots draw lines left to right.
    private static func stableSorted<T>(_ items: [T], by key: (T) -> Int) -> [T] {
        items.enumerated().sorted { (key($0.element), $0.offset) < (key($1.element), $1.offset) }.map(\.element)
    }
}
