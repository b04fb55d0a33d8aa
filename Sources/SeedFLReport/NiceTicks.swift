import Foundation
import SeedFLNode

/// An axis range and the values to put ticks at; the range starts and ends on a tick.
struct AxisTicks: Sendable, Hashable {
    /// Lowest value on the axis (the first tick).
    var lower: Double
    /// Highest value on the axis (the last tick).
    var upper: Double
    /// Tick values, increasing, from `lower` to `upper`.
    var values: [Double]
    /// Distance between linear ticks (decides how many decimals a label needs); 0 on a
    /// log axis, whose labels each carry their own precision.
    var step: Double
}

/// Tick values that people read at a glance: steps of 1, 2 or 5 × 10^k on a linear axis,
/// powers of ten (with 2 and 5 between them when there are few) on a log axis.
enum NiceTicks {
    /// Ticks covering `[minimum, maximum]` with about `count` values. The range is widened
    /// to whole steps, so data never touch an unlabelled edge. An empty or non-finite
    /// range gets a small nice range around it instead of a division by zero.
    static func linear(minimum: Double, maximum: Double, count: Int = 6) -> AxisTicks {
        guard minimum.isFinite, maximum.isFinite else { return linear(minimum: 0, maximum: 1, count: count) }
        var low = Swift.min(minimum, maximum), high = Swift.max(minimum, maximum)
        if high == low {
            // One value: centre it in a range a tenth of its size (or 0...1 for zero).
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= low == 0 ? 0 : pad
            high += pad
        }
        // Halves first: high - low overflows to infinity for values near ±Double.greatestFiniteMagnitude.
        let step = niceStep((high / 2 - low / 2) / Double(Swift.max(1, count - 1)) * 2)
        // Within a billionth of a step counts as on the tick: 0.1 + 0.2 must not add a
        // whole extra step above 0.3 for its float noise.
        let snap = 1e-9
        let first = (low / step + snap).rounded(.down), last = (high / step - snap).rounded(.up)
        let intervals = last - first
        // A span below the resolution of its magnitude (1e15 ± 1e-3) would ask for
        // millions of ticks; two end ticks say everything that can be said then.
        guard step > 0, step.isFinite, intervals >= 1, intervals <= 50 else {
            return AxisTicks(lower: low, upper: high, values: [low, high], step: high - low)
        }
        let values = (0...Int(intervals)).map { (first + Double($0)) * step }
        guard values.allSatisfy(\.isFinite) else {
            return AxisTicks(lower: low, upper: high, values: [low, high], step: high - low)
        }
        return AxisTicks(lower: first * step, upper: last * step, values: values, step: step)
    }

    /// The smallest of 1, 2, 5 × 10^k that is >= `rough` (a tiny tolerance keeps 0.3/0.1 =
    /// 2.9999999999999996 from becoming 5).
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / magnitude
        let tolerance = 1e-9
        let nice: Double = fraction <= 1 + tolerance ? 1 : fraction <= 2 + tolerance ? 2 : fraction <= 5 + tolerance ? 5 : 10
        return nice * magnitude
    }

    /// Ticks for a log axis over positive `[minimum, maximum]`, from the power of ten at or
    /// below `minimum` to the one at or above `maximum`. Up to two decades also get 2 and 5
    /// × 10^k; more than eight decades tick every second (third, ...) power so that labels
    /// do not collide.
    static func logarithmic(minimum: Double, maximum: Double) -> AxisTicks {
        guard minimum > 0, maximum > 0, minimum.isFinite, maximum.isFinite else {
            return logarithmic(minimum: 1, maximum: 10)
        }
        var low = Int(log10(Swift.min(minimum, maximum)).rounded(.down))
        var high = Int(log10(Swift.max(minimum, maximum)).rounded(.up))
        // log10 of an exact power of ten can land a hair off the integer.
        if pow(10, Double(low + 1)) <= Swift.min(minimum, maximum) { low += 1 }
        if high > low, pow(10, Double(high - 1)) >= Swift.max(minimum, maximum) { high -= 1 }
        if high == low { high += 1 }
        let decades = high - low
        var values: [Double] = []
        if decades <= 2 {
            for exponent in low..<high {
                for factor in [1.0, 2, 5] { values.append(factor * pow(10, Double(exponent))) }
            }
            values.append(pow(10, Double(high)))
        } else {
            let stride = (decades + 7) / 8
            high = low + ((decades + stride - 1) / stride) * stride
            values = Swift.stride(from: low, through: high, by: stride).map { pow(10, Double($0)) }
        }
        return AxisTicks(lower: pow(10, Double(low)), upper: pow(10, Double(high)), values: values, step: 0)
    }
}
