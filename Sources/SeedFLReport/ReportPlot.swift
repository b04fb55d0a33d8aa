import SeedFLNode
/// One plot of the page: the chart, a sentence on what it shows, and notes on what was
/// missing or assumed while building it.
struct ReportPlot: Sendable {
    /// The chart.
    var chart: LineChart
    /// What the plot shows, for the reader.
    var caption: String
    /// Missing inputs, assumptions and headline numbers.
    var notes: [String] = []
}

/// Series colours: distinguishable for the common colour-vision deficiencies (blue vs
/// orange/red), and dark enough on white.
enum ReportColor {
    static let primary = "#1f5fa8"
    static let secondary = "#e0620d"
    static let baseline = "#c0282d"
    static let time = "#2a8a3e"
}
