import Foundation
import SeedFLNode

/// Where a ``LineChart`` puts things: the SVG canvas, the margins around the plot area,
/// and the mapping from data to canvas coordinates.
///
/// The canvas is a fixed 640 × 360 `viewBox` scaled by CSS to the page width, so the
/// margins below are in the same units as the 13-unit tick labels they must hold: the left
/// margin fits a six-character y label plus the rotated axis title, the top margin two
/// legend rows, the bottom margin x labels plus the axis title.
struct ChartGeometry: Sendable {
    static let width = 640.0
    static let height = 360.0
    static let left = 78.0
    static let right = 18.0
    static let top = 46.0
    static let bottom = 52.0

    /// The x axis range and ticks.
    var x: AxisTicks
    /// The y axis range and ticks.
    var y: AxisTicks
    /// The y axis scale.
    var yScale: LineChart.Scale

    var plotLeft: Double { Self.left }
    var plotRight: Double { Self.width - Self.right }
    var plotTop: Double { Self.top }
    var plotBottom: Double { Self.height - Self.bottom }

    /// Canvas x of data value `value`.
    func canvasX(_ value: Double) -> Double {
        plotLeft + fraction(value, lower: x.lower, upper: x.upper) * (plotRight - plotLeft)
    }

    /// Canvas y of data value `value` (SVG y grows downwards).
    func canvasY(_ value: Double) -> Double {
        let f = yScale == .linear
            ? fraction(value, lower: y.lower, upper: y.upper)
            : fraction(log10(value), lower: log10(y.lower), upper: log10(y.upper))
        return plotBottom - f * (plotBottom - plotTop)
    }

    /// Where `value` lies between `lower` (0) and `upper` (1). Halved before subtracting,
    /// so that axes spanning nearly the whole Double range give no infinities or NaNs.
    private func fraction(_ value: Double, lower: Double, upper: Double) -> Double {
        upper > lower ? (value / 2 - lower / 2) / (upper / 2 - lower / 2) : 0.5
    }

    /// The axes that fit `chart`'s drawable points and markers (a default range when there
    /// are none, so empty charts still get labelled axes).
    init(fitting chart: LineChart) {
        let points = chart.series.flatMap { $0.drawablePoints(on: chart.yScale) }
        let xs = points.map(\.x) + chart.markers.map(\.x).filter(\.isFinite)
        let ys = points.map(\.y)
        x = xs.isEmpty ? NiceTicks.linear(minimum: 0, maximum: 1)
                       : NiceTicks.linear(minimum: xs.min()!, maximum: xs.max()!)
        switch chart.yScale {
        case .linear:
            y = ys.isEmpty ? NiceTicks.linear(minimum: 0, maximum: 1)
                           : NiceTicks.linear(minimum: ys.min()!, maximum: ys.max()!)
        case .logarithmic:
            y = ys.isEmpty ? NiceTicks.logarithmic(minimum: 1, maximum: 10)
                           : NiceTicks.logarithmic(minimum: ys.min()!, maximum: ys.max()!)
        }
        yScale = chart.yScale
    }
}
