import SeedFLNode
/// A line chart described as data; ``svg()`` (in `LineChart+SVG.swift`) draws it.
///
/// Keeping the description apart from the drawing lets the plots be built and tested as
/// numbers, and keeps every SVG detail in one place.
struct LineChart: Sendable {
    /// How values map to positions on the y axis.
    enum Scale: Sendable, Hashable {
        /// Equal differences are equal distances.
        case linear
        /// Equal ratios are equal distances; values <= 0 cannot be drawn and are dropped.
        case logarithmic
    }

    /// How tick values are written.
    enum TickFormat: Sendable, Hashable {
        /// Plain decimal numbers.
        case number
        /// Decimal byte units (B, kB, MB, ...), which fall on the 10^k ticks of a log axis.
        case bytes
    }

    /// The `id` of the `<svg>` element: stable, so tests and links can find the plot.
    var id: String
    /// Read by screen readers (`<title>`); the page shows it as a heading.
    var title: String
    /// Horizontal axis title.
    var xTitle: String
    /// Vertical axis title.
    var yTitle: String
    /// The y axis scale.
    var yScale: Scale = .linear
    /// How y tick labels are written.
    var yFormat: TickFormat = .number
    /// The lines, drawn in order (later ones on top).
    var series: [ChartSeries] = []
    /// Vertical reference lines.
    var markers: [ChartMarker] = []
    /// Shown in the plot area when no series has a point to draw.
    var emptyNote = "no data"

    /// True when at least one series has a point that can be drawn on this chart's scale.
    var hasData: Bool { series.contains { !$0.drawablePoints(on: yScale).isEmpty } }
}

/// One named line of a ``LineChart``.
struct ChartSeries: Sendable {
    /// Legend text.
    var name: String
    /// CSS colour of the line and its legend swatch.
    var color: String
    /// Dashed lines mark values that were computed rather than measured.
    var dashed = false
    /// Draw a dot at every point: for sparse series (a handful of evaluations) whose
    /// individual points matter.
    var showsPoints = false
    /// The points, in drawing order.
    var points: [ChartPoint]

    /// The points that can be drawn on `scale`: finite, and positive on a log scale.
    func drawablePoints(on scale: LineChart.Scale) -> [ChartPoint] {
        points.filter { $0.x.isFinite && $0.y.isFinite && (scale == .linear || $0.y > 0) }
    }
}

/// A point in data coordinates.
struct ChartPoint: Sendable, Hashable {
    var x: Double
    var y: Double
}

/// A vertical line at `x` with a legend entry.
struct ChartMarker: Sendable {
    var x: Double
    var label: String
}
