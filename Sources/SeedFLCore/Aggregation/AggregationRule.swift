/// How the aggregator combines the trainers' scalars for each `(k, p)` coordinate.
///
/// Inputs are always ordered by trainer id before combining, and sums are taken in
/// `Double`, so the result does not depend on the order contributions arrived in.
public enum AggregationRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The arithmetic mean (DeComFL's rule). The only rule that composes across stacked
    /// aggregators, since partial sums and counts add up.
    case mean
    /// The coordinate-wise median: robust to up to half of the trainers sending garbage.
    case median
    /// Drops the `fraction` smallest and `fraction` largest values per coordinate, then
    /// averages the rest (`0 <= fraction < 0.5`).
    case trimmedMean(fraction: Double)

    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "unknown aggregation rule '\(text)' (expected mean, median or trimmed:<fraction in [0, 0.5)>)"
        }
    }

    /// Parses `mean`, `median` or `trimmed:0.1`.
    public init(parsing text: String) throws {
        switch text {
        case "mean": self = .mean
        case "median": self = .median
        default:
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == "trimmed" || parts[0] == "trimmed-mean",
                  let f = Double(parts[1]), f >= 0, f < 0.5 else { throw ParseError(text: text) }
            self = .trimmedMean(fraction: f)
        }
    }

    public var description: String {
        switch self {
        case .mean: "mean"
        case .median: "median"
        case .trimmedMean(let f): "trimmed:\(f)"
        }
    }

    /// True when partial results of sub-aggregators can be merged exactly.
    public var composable: Bool { self == .mean }

    /// Combines equally long vectors coordinate by coordinate. `vectors` must be non-empty
    /// and ordered by trainer id.
    public func combine(_ vectors: [[Float]]) -> [Float] {
        precondition(!vectors.isEmpty, "nothing to aggregate")
        let width = vectors[0].count
        var out = [Float](repeating: 0, count: width)
        var column = [Float](repeating: 0, count: vectors.count)
        for j in 0..<width {
            for (i, v) in vectors.enumerated() { column[i] = v[j] }
            out[j] = combine(column: column)
        }
        return out
    }

    /// Combines one coordinate's values.
    public func combine(column: [Float]) -> Float {
        switch self {
        case .mean:
            return Float(column.reduce(0.0) { $0 + Double($1) } / Double(column.count))
        case .median:
            let s = column.sorted()
            let n = s.count
            return n % 2 == 1 ? s[n / 2] : Float((Double(s[n / 2 - 1]) + Double(s[n / 2])) / 2)
        case .trimmedMean(let fraction):
            let s = column.sorted()
            let cut = Int((Double(s.count) * fraction).rounded(.down))
            let kept = s[cut..<(s.count - cut)]
            return Float(kept.reduce(0.0) { $0 + Double($1) } / Double(kept.count))
        }
    }
}
