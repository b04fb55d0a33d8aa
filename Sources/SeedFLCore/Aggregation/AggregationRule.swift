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
    /// Multi-Krum (Blanchard et al. 2017) assuming at most `byzantine` bad vectors: each vector
    /// is scored by the summed squared distances to its `n - byzantine - 2` nearest others,
    /// and the `n - byzantine` best-scored vectors are averaged. Not coordinate-wise: a
    /// vector that disagrees with the others as a whole is left out whole. With
    /// `n <= byzantine + 2` there are too few neighbours to score, and it falls back to the
    /// coordinate median.
    case krum(byzantine: Int)

    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "unknown aggregation rule '\(text)' (expected mean, median, trimmed:<fraction in [0, 0.5)> or krum:<byzantine count >= 1>)"
        }
    }

    /// Parses `mean`, `median` or `trimmed:0.1`.
    public init(parsing text: String) throws {
        switch text {
        case "mean": self = .mean
        case "median": self = .median
        default:
            let parts = text.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0] == "krum" {
                guard let f = Int(parts[1]), f >= 1 else { throw ParseError(text: text) }
                self = .krum(byzantine: f)
                return
            }
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
        case .krum(let f): "krum:\(f)"
        }
    }

    /// True when partial results of sub-aggregators can be merged exactly.
    public var composable: Bool { self == .mean }

    /// Combines equally long vectors coordinate by coordinate. `vectors` must be non-empty
    /// and ordered by trainer id.
    public func combine(_ vectors: [[Float]]) -> [Float] {
        precondition(!vectors.isEmpty, "nothing to aggregate")
        if case .krum(let f) = self { return Self.multiKrum(vectors, byzantine: f) }
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
        case .krum:
            // Krum needs whole vectors (``combine(_:)``); a lone column has no neighbours.
            return AggregationRule.median.combine(column: column)
        case .trimmedMean(let fraction):
            return Self.trimmedMean(column, cut: Self.trimmedCount(fraction: fraction, of: column.count))
        }
    }

    /// Values a trimmed mean of `fraction` drops at each end of `count` values.
    static func trimmedCount(fraction: Double, of count: Int) -> Int {
        Int((Double(count) * fraction).rounded(.down))
    }

    /// The mean of `column` without its `cut` smallest and `cut` largest values (the median
    /// when that would leave nothing).
    static func trimmedMean(_ column: [Float], cut: Int) -> Float {
        guard 2 * cut < column.count else { return AggregationRule.median.combine(column: column) }
        let s = column.sorted()
        let kept = s[cut..<(s.count - cut)]
        return Float(kept.reduce(0.0) { $0 + Double($1) } / Double(kept.count))
    }

    /// Multi-Krum over `vectors` (ordered by trainer id); see ``krum(byzantine:)``. Distances
    /// and sums are in `Double`, ties go to the lower index, and the chosen vectors are
    /// averaged in index order, so the result is deterministic.
    static func multiKrum(_ vectors: [[Float]], byzantine f: Int) -> [Float] {
        let n = vectors.count
        let neighbours = n - f - 2
        guard neighbours >= 1 else { return AggregationRule.median.combine(vectors) }
        var distance = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var d = 0.0
                for (a, b) in zip(vectors[i], vectors[j]) { d += (Double(a) - Double(b)) * (Double(a) - Double(b)) }
                distance[i][j] = d
                distance[j][i] = d
            }
        }
        let scores = (0..<n).map { i in
            (0..<n).filter { $0 != i }.map { distance[i][$0] }.sorted().prefix(neighbours).reduce(0, +)
        }
        let chosen = (0..<n).sorted { (scores[$0], $0) < (scores[$1], $1) }.prefix(n - f).sorted()
        return AggregationRule.mean.combine(chosen.map { vectors[$0] })
    }
}
