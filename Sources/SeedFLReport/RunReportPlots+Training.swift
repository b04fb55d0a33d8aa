import Foundation
import SeedFLNode

/// Builds the page's plots from the parsed inputs; each function returns one plot, with
/// a note instead of a crash when its data are missing.
enum RunReportPlots {
    /// The five plots, in page order.
    static func all(_ input: RunReportInput) -> [ReportPlot] {
        [loss(input), accuracyByRound(input), accuracyByTime(input), bytes(input), roundDuration(input)]
    }

    /// The note shown when `rounds.jsonl` is absent.
    static let noRoundsFile = "rounds.jsonl not found: no per-round data."
    /// The note shown when `evaluations.jsonl` is absent.
    static let noEvaluationsFile = "evaluations.jsonl not found: no evaluations."

    /// `plot-loss`: the contributors' mean training loss of every committed round.
    static func loss(_ input: RunReportInput) -> ReportPlot {
        let points = (input.rounds ?? []).compactMap { r in r.meanLoss.map { ChartPoint(x: Double(r.sequence), y: $0) } }
        var chart = LineChart(id: "plot-loss", title: "Training loss per round", xTitle: "sequence (committed round)",
                              yTitle: "mean training loss")
        chart.series = [ChartSeries(name: "mean loss of the round's contributors", color: ReportColor.primary, points: points)]
        var plot = ReportPlot(chart: chart, caption: "The mean training loss the contributors reported for each "
                              + "committed round (rounds.jsonl, mean_loss).")
        if input.rounds == nil { plot.notes.append(noRoundsFile) }
        return plot
    }

    /// `plot-accuracy-rounds`: validation and test accuracy of every evaluated sequence.
    static func accuracyByRound(_ input: RunReportInput) -> ReportPlot {
        let evaluations = input.evaluations ?? []
        var chart = LineChart(id: "plot-accuracy-rounds", title: "Accuracy by round", xTitle: "sequence (committed round)",
                              yTitle: "accuracy")
        chart.series = accuracySeries(evaluations) { Double($0.sequence) }
        if let selected = input.summary.selectedSequence {
            chart.markers = [ChartMarker(x: Double(selected), label: "selected (sequence \(selected))")]
        }
        var plot = ReportPlot(chart: chart, caption: "Validation and test accuracy of each evaluated model "
                              + "(evaluations.jsonl); sequence 0 is the base model, i.e. zero-shot.")
        if input.evaluations == nil { plot.notes.append(noEvaluationsFile) }
        return plot
    }

    /// `plot-accuracy-time`: the same accuracies against wall time since the first commit.
    static func accuracyByTime(_ input: RunReportInput) -> ReportPlot {
        let evaluations = input.evaluations ?? []
        var notes: [String] = []
        // The clock starts at the first commit; without rounds.jsonl the earliest
        // evaluation is the best start there is, and the page says so.
        let origin: Int64?
        if let first = input.rounds?.first {
            origin = first.unixMilliseconds
        } else {
            origin = evaluations.map(\.unixMilliseconds).min()
            if origin != nil { notes.append("No round times: the clock starts at the first evaluation instead.") }
        }
        var chart = LineChart(id: "plot-accuracy-time", title: "Accuracy by wall time",
                              xTitle: "seconds since the first commit", yTitle: "accuracy")
        if let origin {
            // A model exists from the moment its round commits: place each evaluation at its
            // sequence's commit time (the evaluator may score it much later; the base model is
            // at 0), and at its own time only when the round's time is unknown.
            var committed: [Int: Int64] = [:]
            for r in input.rounds ?? [] { committed[r.sequence] = r.unixMilliseconds }
            func time(_ e: EvaluationRecord) -> Double {
                if e.sequence == 0 && !committed.isEmpty { return 0 }
                return secondsBetween(origin, committed[e.sequence] ?? e.unixMilliseconds)
            }
            chart.series = accuracySeries(evaluations, x: time)
            if let selected = input.summary.selectedSequence,
               let evaluation = evaluations.first(where: { $0.sequence == selected }) {
                chart.markers = [ChartMarker(x: time(evaluation), label: "selected (sequence \(selected))")]
            }
        }
        if input.evaluations == nil { notes.insert(noEvaluationsFile, at: 0) }
        return ReportPlot(chart: chart, caption: "Validation and test accuracy of the model committed at each "
                          + "time, in seconds since the first round's commit (the base model at 0; without a "
                          + "round's time, the time its evaluation finished).", notes: notes)
    }

    /// A validation and a test series over `evaluations`, placed at `x`.
    private static func accuracySeries(_ evaluations: [EvaluationRecord],
                                       x: (EvaluationRecord) -> Double) -> [ChartSeries] {
        let validation = evaluations.compactMap { e in e.validationAccuracy.map { ChartPoint(x: x(e), y: $0) } }
        let test = evaluations.compactMap { e in e.testAccuracy.map { ChartPoint(x: x(e), y: $0) } }
        return [ChartSeries(name: "validation", color: ReportColor.primary, showsPoints: true, points: validation),
                ChartSeries(name: "test", color: ReportColor.secondary, showsPoints: true, points: test)]
    }

    /// Seconds from `start` to `end` (milliseconds since 1970), subtracted as Doubles: the
    /// times come from a file, and Int64 subtraction of extreme values would trap.
    static func secondsBetween(_ start: Int64, _ end: Int64) -> Double {
        (Double(end) - Double(start)) / 1000
    }
}
