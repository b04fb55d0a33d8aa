import Foundation
import SeedFLNode

extension LineChart {
    /// Series longer than this are thinned to every n-th point (the last one kept): a plot
    /// is ~550 units wide, so more points only add bytes to the page.
    static let maxPointsPerSeries = 1500

    /// The chart as one inline `<svg class="plot">` element, without an `xmlns` (the HTML
    /// parser puts `<svg>` in the SVG namespace itself, and the page holds no URLs).
    ///
    /// Every series is one `<path class="series">`: the page's check script counts those
    /// to prove a browser drew them. Axes, ticks and markers are `<line>`s so that they
    /// are never mistaken for series.
    func svg() -> String {
        let g = ChartGeometry(fitting: self)
        let id = HTMLText.escape(self.id)
        var out = "<svg class=\"plot\" id=\"\(id)\" viewBox=\"0 0 \(n(ChartGeometry.width)) \(n(ChartGeometry.height))\" "
            + "role=\"img\" aria-labelledby=\"\(id)-title\">\n"
        out += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>\n"
        out += "<rect class=\"plot-area\" x=\"\(n(g.plotLeft))\" y=\"\(n(g.plotTop))\" "
            + "width=\"\(n(g.plotRight - g.plotLeft))\" height=\"\(n(g.plotBottom - g.plotTop))\"/>\n"
        out += axes(g)
        for marker in markers where marker.x.isFinite {
            let x = n(g.canvasX(marker.x))
            out += "<line class=\"marker\" x1=\"\(x)\" y1=\"\(n(g.plotTop))\" x2=\"\(x)\" y2=\"\(n(g.plotBottom))\"/>\n"
        }
        for series in series {
            out += seriesPath(series, g)
        }
        if !hasData {
            out += "<text class=\"no-data\" x=\"\(n((g.plotLeft + g.plotRight) / 2))\" "
                + "y=\"\(n((g.plotTop + g.plotBottom) / 2))\" text-anchor=\"middle\">\(HTMLText.escape(emptyNote))</text>\n"
        }
        out += legend()
        out += "</svg>"
        return out
    }

    /// Grid, axis lines, tick marks, tick labels and axis titles.
    private func axes(_ g: ChartGeometry) -> String {
        var out = "<g class=\"axes\">\n"
        for value in g.y.values {
            let y = n(g.canvasY(value))
            out += "<line class=\"grid\" x1=\"\(n(g.plotLeft))\" y1=\"\(y)\" x2=\"\(n(g.plotRight))\" y2=\"\(y)\"/>\n"
            out += "<text class=\"tick-label\" x=\"\(n(g.plotLeft - 6))\" y=\"\(y)\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(HTMLText.escape(TickLabel.text(value, step: g.y.step, format: yFormat)))</text>\n"
        }
        for value in g.x.values {
            let x = n(g.canvasX(value))
            out += "<line class=\"tick\" x1=\"\(x)\" y1=\"\(n(g.plotBottom))\" x2=\"\(x)\" y2=\"\(n(g.plotBottom + 5))\"/>\n"
            out += "<text class=\"tick-label\" x=\"\(x)\" y=\"\(n(g.plotBottom + 18))\" text-anchor=\"middle\">"
                + "\(HTMLText.escape(TickLabel.text(value, step: g.x.step, format: .number)))</text>\n"
        }
        out += "<line class=\"axis\" x1=\"\(n(g.plotLeft))\" y1=\"\(n(g.plotBottom))\" x2=\"\(n(g.plotRight))\" y2=\"\(n(g.plotBottom))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(n(g.plotLeft))\" y1=\"\(n(g.plotTop))\" x2=\"\(n(g.plotLeft))\" y2=\"\(n(g.plotBottom))\"/>\n"
        out += "<text class=\"axis-title\" x=\"\(n((g.plotLeft + g.plotRight) / 2))\" y=\"\(n(ChartGeometry.height - 10))\" "
            + "text-anchor=\"middle\">\(HTMLText.escape(xTitle))</text>\n"
        let middle = n((g.plotTop + g.plotBottom) / 2)
        out += "<text class=\"axis-title\" x=\"16\" y=\"\(middle)\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 16 \(middle))\">\(HTMLText.escape(yTitle))</text>\n"
        return out + "</g>\n"
    }

    /// One series: its line, and its dots when it asks for them.
    private func seriesPath(_ series: ChartSeries, _ g: ChartGeometry) -> String {
        let points = Self.thinned(series.drawablePoints(on: yScale))
        guard !points.isEmpty else { return "" }
        let color = HTMLText.escape(series.color)
        let d = points.enumerated().map { index, p in
            "\(index == 0 ? "M" : "L")\(n(g.canvasX(p.x))),\(n(g.canvasY(p.y)))"
        }.joined(separator: " ")
        var out = "<path class=\"series\" data-series=\"\(HTMLText.escape(series.name))\" d=\"\(d)\" fill=\"none\" "
            + "stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\""
            + (series.dashed ? " stroke-dasharray=\"7 4\"" : "") + "/>\n"
        if series.showsPoints {
            for p in points {
                out += "<circle cx=\"\(n(g.canvasX(p.x)))\" cy=\"\(n(g.canvasY(p.y)))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
        }
        return out
    }

    /// Swatch and name of every series and marker, in rows across the top margin.
    private func legend() -> String {
        var entries = series.map { (name: $0.name, color: $0.color, dashed: $0.dashed, marker: false) }
        entries += markers.map { (name: $0.label, color: "", dashed: true, marker: true) }
        guard !entries.isEmpty else { return "" }
        var out = "<g class=\"legend\">\n"
        var x = ChartGeometry.left, y = 16.0
        for entry in entries {
            // ~7 units per character at the 13-unit legend font: good enough to place
            // the next entry; a long name only pushes the rest to the next row.
            let width = 30 + 7 * Double(entry.name.count) + 16
            if x + width > ChartGeometry.width - ChartGeometry.right, x > ChartGeometry.left {
                x = ChartGeometry.left
                y += 17
            }
            let swatch = entry.marker
                ? "class=\"marker\""
                : "stroke=\"\(HTMLText.escape(entry.color))\" stroke-width=\"2\"" + (entry.dashed ? " stroke-dasharray=\"7 4\"" : "")
            out += "<line \(swatch) x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 24))\" y2=\"\(n(y))\"/>\n"
            out += "<text class=\"legend-label\" x=\"\(n(x + 30))\" y=\"\(n(y))\" dominant-baseline=\"middle\">"
                + "\(HTMLText.escape(entry.name))</text>\n"
            x += width
        }
        return out + "</g>\n"
    }

    /// Every k-th point and the last one, so at most about ``maxPointsPerSeries`` remain.
    static func thinned(_ points: [ChartPoint]) -> [ChartPoint] {
        guard points.count > maxPointsPerSeries else { return points }
        let stride = (points.count + maxPointsPerSeries - 1) / maxPointsPerSeries
        var kept = Swift.stride(from: 0, to: points.count, by: stride).map { points[$0] }
        if let last = points.last, kept.last != last { kept.append(last) }
        return kept
    }

    /// A canvas coordinate with one decimal: finer than any screen shows, and short.
    private func n(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
