import Foundation
import SeedFLNode

/// Tick label text. Labels use a fixed, locale-independent format (`String(format:)`
/// with a `.` decimal point) so that a page is the same wherever it is written.
enum TickLabel {
    /// `value` written as `format` says, with as many decimals as `step` needs (on a log
    /// axis, `step` is 0 and the value's own magnitude decides).
    static func text(_ value: Double, step: Double, format: LineChart.TickFormat) -> String {
        switch format {
        case .number: number(value, step: step)
        case .bytes: bytes(value)
        }
    }

    /// Decimal numbers: 0.05 steps give `0.05, 0.10`; whole steps give `10, 20`; very large
    /// or very small magnitudes use exponent notation (`2e+07`) to stay short.
    static func number(_ value: Double, step: Double) -> String {
        let v = value + 0.0   // turns -0.0 into 0.0, so no "-0" label
        let scale = step > 0 ? step : abs(v)
        if scale >= 1e6 || (scale > 0 && scale < 1e-6) { return String(format: "%.3g", v) }
        let decimals = scale > 0 ? Swift.min(10, Swift.max(0, -Int(log10(scale).rounded(.down)))) : 0
        let text = String(format: "%.\(decimals)f", v)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Decimal byte units (1 kB = 1000 B): the ticks of a log axis are powers of ten, which
    /// binary units would turn into 9.5 MiB.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var v = value
        var unit = 0
        while abs(v) >= 1000 && unit < units.count - 1 {
            v /= 1000
            unit += 1
        }
        let rounded = (v * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(format: "%.0f", rounded) : String(format: "%.1f", rounded)
        return "\(text) \(units[unit])"
    }
}
