import Foundation
import SeedFLCore
import XCTest

/// Statistical sanity of the stream. Every tolerance is derived from the sample size for
/// a false-alarm probability of about 10^-6 per check (5 standard errors, or the DKW
/// inequality for Kolmogorov-Smirnov), so a failure means a real defect. The stream is
/// deterministic, so these tests cannot flake: they either always pass or always fail.
final class GaussianStatisticsTests: XCTestCase {
    private let n = 1 << 20
    private let key = PerturbationKey(seed: 0x0123_4567_89AB_CDEF, step: 3, perturbation: 1)

    /// Five standard errors: two-sided normal tail probability 5.7e-7.
    private func fiveSigma(variance: Double, samples: Int) -> Double {
        5 * (variance / Double(samples)).squareRoot()
    }

    func testMomentsMatchTheStandardNormal() {
        let z = Gaussian.vector(key, start: 12_345, count: n).map(Double.init)
        let mean = z.reduce(0, +) / Double(n)
        let second = z.reduce(0) { $0 + $1 * $1 } / Double(n)
        let fourth = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n)
        // Var(z) = 1, Var(z^2) = E z^4 - 1 = 2, Var(z^4) = E z^8 - 9 = 105 - 9 = 96.
        XCTAssertLessThan(abs(mean), fiveSigma(variance: 1, samples: n))
        XCTAssertLessThan(abs(second - 1), fiveSigma(variance: 2, samples: n))
        XCTAssertLessThan(abs(fourth - 3), fiveSigma(variance: 96, samples: n))
    }

    func testTailFrequencyMatchesTheStandardNormal() {
        let z = Gaussian.vector(key, count: n)
        let p = Foundation.erfc(3 / 2.0.squareRoot())  // P(|Z| > 3) = 0.0027
        let count = Double(z.lazy.filter { abs($0) > 3 }.count)
        XCTAssertLessThan(abs(count - Double(n) * p), fiveSigma(variance: p * (1 - p), samples: n) * Double(n))
    }

    /// Kolmogorov-Smirnov distance to the normal CDF. By the Dvoretzky-Kiefer-Wolfowitz
    /// inequality, P(D > eps) <= 2 exp(-2 m eps^2); eps is chosen for probability 10^-6.
    /// The generator's own bias (23-bit uniforms, truncation at 5.77 sigma, a few ulp of
    /// rounding) is below 10^-6 in the CDF, far under eps (about 0.005).
    func testKolmogorovSmirnovDistanceIsWithinTheDKWBound() {
        let m = 1 << 18
        let sorted = Gaussian.vector(key, start: 1_000_000_007, count: m).map(Double.init).sorted()
        var distance = 0.0
        for (rank, value) in sorted.enumerated() {
            let cdf = 0.5 * Foundation.erfc(-value / 2.0.squareRoot())
            distance = max(distance, abs(cdf - Double(rank) / Double(m)), abs(cdf - Double(rank + 1) / Double(m)))
        }
        let epsilon = (Foundation.log(2 / 1e-6) / (2 * Double(m))).squareRoot()
        XCTAssertLessThan(distance, epsilon)
    }

    /// Neighbours (the two normals of one Box-Muller pair, the two pairs of one Philox
    /// block, adjacent blocks) and streams of adjacent keys must be uncorrelated: the
    /// sample correlation of independent normals has standard error 1/sqrt(m).
    func testNeighboursAndNeighbouringKeysAreUncorrelated() {
        let z = Gaussian.vector(key, count: n).map(Double.init)
        for lag in [1, 2, 3, 4, 5] {
            let m = n - lag
            var sum = 0.0
            for i in 0..<m { sum += z[i] * z[i + lag] }
            XCTAssertLessThan(abs(sum / Double(m)), fiveSigma(variance: 1, samples: m), "lag \(lag)")
        }
        var neighbours = [key, key, key]
        neighbours[0].seed &+= 1
        neighbours[1].step &+= 1
        neighbours[2].perturbation &+= 1
        for other in neighbours {
            let y = Gaussian.vector(other, count: n).map(Double.init)
            var sum = 0.0
            for i in 0..<n { sum += z[i] * y[i] }
            XCTAssertLessThan(abs(sum / Double(n)), fiveSigma(variance: 1, samples: n), "\(other)")
        }
    }
}
