import Foundation
import SeedFLCore

/// Gamma and Dirichlet variates from SplitMix64, for the Dirichlet partitioner.
///
/// Results are returned in log space: with a small concentration (alpha = 0.01 is a common
/// "extreme non-IID" setting) the variates underflow to zero as doubles, and a Dirichlet
/// built from zeros would divide by zero. In log space it is a log-sum-exp instead.
///
/// The draws use `log`, `exp` and `sqrt` from the platform's libm (and Box-Muller in
/// ``SplitMix64/nextGaussian()``); `sqrt` is exact everywhere and glibc's `log`/`exp`
/// are correctly rounded in practice, so the same seed gives the same partition on any
/// glibc system.
public enum GammaSampler {
    /// The logarithm of a Gamma(shape, 1) variate (`shape > 0`).
    ///
    /// Marsaglia & Tsang (2000): for shape >= 1, with d = shape - 1/3 and c = 1/sqrt(9d),
    /// draw a normal x until v = (1 + c x)^3 > 0, then a uniform u in (0, 1]; accept d v
    /// if u < 1 - 0.0331 x^4 (the squeeze) or log u < x^2/2 + d (1 - v + log v).
    /// For shape < 1 the boost: Gamma(a) = Gamma(a + 1) * U^(1/a), with U drawn first.
    public static func logSample(shape: Double, using generator: inout SplitMix64) -> Double {
        if shape < 1 {
            let u = 1 - generator.nextUnitDouble()          // (0, 1]: log u is finite
            return logSample(shape: shape + 1, using: &generator) + log(u) / shape
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = generator.nextGaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - generator.nextUnitDouble()
            let xSquared = x * x
            if u < 1 - 0.0331 * xSquared * xSquared || log(u) < 0.5 * xSquared + d * (1 - v + log(v)) {
                return log(d) + log(v)
            }
        }
    }

    /// A draw from the symmetric Dirichlet(alpha, ..., alpha) on `dimension` categories:
    /// independent Gamma(alpha) variates normalised to sum to one (computed from their
    /// logarithms, so no component is lost to underflow unless it is negligible).
    public static func dirichlet(alpha: Double, dimension: Int, using generator: inout SplitMix64) -> [Double] {
        let logs = (0..<dimension).map { _ in logSample(shape: alpha, using: &generator) }
        let largest = logs.max() ?? 0
        let weights = logs.map { exp($0 - largest) }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum }
    }
}
