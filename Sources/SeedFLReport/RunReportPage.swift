import Foundation
import SeedFLNode

/// Assembles the HTML page: header with the run's key numbers, notes on skipped or
/// missing input, one card per plot, and the draw-check script. The output depends only
/// on the inputs (no clock, no locale), so the same run gives the same bytes.
enum RunReportPage {
    /// The whole page for `input`, whose run directory is `directory`.
    static func html(_ input: RunReportInput, plots: [ReportPlot], directory: String) -> String {
        let run = input.summary.runDirectory ?? directory
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SeedFL run report: \(HTMLText.escape(run))</title>
            <style>
            \(ReportStyle.css)
            </style>
            </head>
            <body data-plots-drawn="0" data-plots-total="\(plots.count)">
            <header>
            <h1>SeedFL run report</h1>
            <p class="run">\(HTMLText.escape(run))</p>

            """
        out += numbers(input)
        out += notes(input)
        out += "</header>\n<main class=\"plots\">\n"
        for plot in plots { out += card(plot) }
        out += "</main>\n<script>\n\(ReportDrawCheck.script)\n</script>\n</body>\n</html>\n"
        return out
    }

    /// The key numbers as a grid of labelled values; "—" marks a number the summary lacks.
    static func numbers(_ input: RunReportInput) -> String {
        let s = input.summary
        // The summary's zero-shot figure, else the base model's (sequence 0) evaluation.
        let zeroShot = s.zeroShotTestAccuracy ?? input.evaluations?.first { $0.sequence == 0 }?.testAccuracy
        var items: [(String, String)] = [
            ("Rounds committed", String(s.roundsCommitted)),
            ("Wall time", s.seconds.isFinite ? String(format: "%.1f s", s.seconds) : "—"),
            ("Zero-shot test accuracy", accuracy(zeroShot)),
            ("Selected test accuracy", accuracy(s.testAccuracy)),
            ("Validation accuracy", accuracy(s.validationAccuracy)),
            ("Selected sequence", s.selectedSequence.map(String.init) ?? "—"),
            ("Final test accuracy", accuracy(s.finalAccuracy)),
            ("Algorithm", s.algorithm ?? "—"),
            ("Trainers (sampled per round)", s.clients.map { c in "\(c)" + (s.sample.map { " (\($0))" } ?? "") } ?? "—"),
            ("Trainable parameters d", s.parameters.map(grouped) ?? "—"),
            ("Up per participating trainer per round", bytes(s.uplinkBytesPerTrainerPerRound)),
            ("Down per trainer per round", bytes(s.downlinkBytesPerTrainerPerRound)),
        ]
        items.append(("Ledger fingerprint", s.ledgerFingerprint ?? "—"))
        var out = "<dl class=\"numbers\">\n"
        for (index, (label, value)) in items.enumerated() {
            let wide = index == items.count - 1 ? " class=\"wide\"" : ""
            out += "<div\(wide)><dt>\(HTMLText.escape(label))</dt><dd>\(HTMLText.escape(value))</dd></div>\n"
        }
        return out + "</dl>\n"
    }

    /// Skipped lines and missing files, said once at the top (the plots repeat what
    /// concerns them).
    static func notes(_ input: RunReportInput) -> String {
        var lines: [String] = []
        if input.rounds == nil { lines.append(RunReportPlots.noRoundsFile) }
        if input.evaluations == nil { lines.append(RunReportPlots.noEvaluationsFile) }
        if input.malformedRoundLines > 0 {
            lines.append("rounds.jsonl: \(input.malformedRoundLines) malformed line(s) skipped.")
        }
        if input.malformedEvaluationLines > 0 {
            lines.append("evaluations.jsonl: \(input.malformedEvaluationLines) malformed line(s) skipped.")
        }
        guard !lines.isEmpty else { return "" }
        return "<ul class=\"notes\">\n" + lines.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// One plot with its heading, caption and notes.
    static func card(_ plot: ReportPlot) -> String {
        var out = "<section class=\"plot-card\">\n<h2>\(HTMLText.escape(plot.chart.title))</h2>\n"
        out += "<p>\(HTMLText.escape(plot.caption))</p>\n"
        out += plot.chart.svg() + "\n"
        for note in plot.notes { out += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        return out + "</section>\n"
    }

    private static func accuracy(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.3f", value)
    }

    /// Decimal byte units, as on the bytes plot's axis.
    private static func bytes(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return TickLabel.bytes(value)
    }

    /// `134515008` as `134,515,008`: fixed separators, not the locale's, like every number
    /// on the page.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
