import Foundation
import SeedFLNode

extension RunReportPlots {
    /// At most this many x positions on the cumulative-bytes lines: they are straight
    /// lines in the data, curved only by the log axis, so a couple of hundred points draw
    /// them exactly at any run length.
    static let bytesSamples = 200

    /// `plot-bytes`: cumulative bytes per trainer, this run (measured rates) against FedZO
    /// (computed from the dense frame layouts), on a log axis.
    static func bytes(_ input: RunReportInput) -> ReportPlot {
        let summary = input.summary
        let rounds = max(input.rounds?.last?.sequence ?? 0, summary.roundsCommitted)
        let sequences = sampleSequences(upTo: rounds)
        var chart = LineChart(id: "plot-bytes", title: "Cumulative bytes per trainer", xTitle: "sequence (committed round)",
                              yTitle: "bytes per trainer (log scale)", yScale: .logarithmic, yFormat: .bytes)
        var notes: [String] = []
        if summary.clients == nil || summary.sample == nil {
            notes.append("clients/sample not in summary.json: every trainer is assumed to take part in every round.")
        }
        let ours = ourBytesPerRound(summary)
        if let ours {
            let name = "this run" + (summary.algorithm.map { " (\($0))" } ?? "") + ", measured"
            chart.series.append(ChartSeries(name: name, color: ReportColor.primary,
                                            points: sequences.map { ChartPoint(x: Double($0), y: ours * Double($0)) }))
        } else {
            notes.append("No uplink/downlink bytes in summary.json: this run's traffic is not drawn.")
        }
        if let d = summary.parameters, d > 0 {
            let dense = DenseBaselineBytes.perTrainerPerRound(parameters: d, participation: summary.participation,
                                                              contributors: max(1, summary.sample ?? summary.clients ?? 1))
            chart.series.append(ChartSeries(name: "FedZO, computed for the same d", color: ReportColor.baseline,
                                            dashed: true,
                                            points: sequences.map { ChartPoint(x: Double($0), y: dense * Double($0)) }))
            notes.append("Per trainer per round: " + (ours.map { "this run \(TickLabel.bytes($0)), " } ?? "")
                         + "FedZO \(TickLabel.bytes(dense))"
                         + (ours.flatMap { $0 > 0 ? " (\(ratio(dense, $0)) as many)" : nil } ?? "") + ".")
        } else {
            notes.append("No parameters (d) in summary.json: the FedZO comparison is not drawn.")
        }
        if rounds == 0 { notes.append("No committed rounds.") }
        return ReportPlot(chart: chart, caption: "Bytes one trainer sent and received, summed over the rounds so far: "
                          + "this run from its measured per-round rates (summary.json), FedZO from the sizes of a "
                          + "DENSE_CONTRIBUTION upload and a DENSE_COMMIT download of d float32 each.", notes: notes)
    }

    /// This run's bytes per trainer per committed round: the uplink, counted per
    /// participating trainer, scaled by how often a trainer participates, plus the
    /// downlink every trainer receives. Nil when the summary has neither rate.
    static func ourBytesPerRound(_ summary: RunReportSummary) -> Double? {
        let up = summary.uplinkBytesPerTrainerPerRound.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        let down = summary.downlinkBytesPerTrainerPerRound.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        guard up != nil || down != nil else { return nil }
        return (up ?? 0) * summary.participation + (down ?? 0)
    }

    /// `plot-round-duration`: seconds between consecutive commits.
    static func roundDuration(_ input: RunReportInput) -> ReportPlot {
        let rounds = input.rounds ?? []
        var points: [ChartPoint] = []
        for (previous, next) in zip(rounds, rounds.dropFirst()) where next.sequence > previous.sequence {
            // A gap in the sequences (lines lost or skipped) spans several commits: plot the
            // mean per round over it rather than one tall spike.
            let seconds = secondsBetween(previous.unixMilliseconds, next.unixMilliseconds)
            points.append(ChartPoint(x: Double(next.sequence), y: seconds / Double(next.sequence - previous.sequence)))
        }
        var chart = LineChart(id: "plot-round-duration", title: "Round duration", xTitle: "sequence (committed round)",
                              yTitle: "seconds since the previous commit")
        chart.series = [ChartSeries(name: "seconds per round", color: ReportColor.time, points: points)]
        var plot = ReportPlot(chart: chart, caption: "Time between one commit and the next, from the unix_ms the "
                              + "broker recorded when it committed each round (rounds.jsonl).")
        if input.rounds == nil { plot.notes.append(noRoundsFile) }
        return plot
    }

    /// 1...rounds, or up to ``bytesSamples`` evenly spread values of it (both ends kept).
    static func sampleSequences(upTo rounds: Int) -> [Int] {
        guard rounds > 0 else { return [] }
        guard rounds > bytesSamples else { return Array(1...rounds) }
        let values = (0..<bytesSamples).map { index -> Int in
            let offset = (Double(index) * Double(rounds - 1) / Double(bytesSamples - 1)).rounded()
            // Double(rounds - 1) can round up past Int.max for a sequence read from a file.
            return offset >= Double(rounds - 1) ? rounds : 1 + Int(offset)
        }
        return Array(Set(values)).sorted()
    }

    /// "1234×", "12.3×": how many times `a` is `b` (> 0).
    private static func ratio(_ a: Double, _ b: Double) -> String {
        let r = a / b
        return r >= 100 && r < Double(Int.max) ? RunReportPage.grouped(Int(r.rounded())) + "×" : String(format: "%.1f×", r)
    }
}
