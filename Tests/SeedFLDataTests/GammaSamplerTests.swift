import SeedFLCore
import SeedFLData
import XCTest

final class GammaSamplerTests: XCTestCase {
    /// A Gamma(k, 1) variate has mean k and variance k. With 40,000 draws the sample mean
    /// has standard error sqrt(k / 40,000); the seed is fixed, so this is not flaky, and a
    /// wrong constant in Marsaglia-Tsang or in the boost for k < 1 moves the mean by far
    /// more than the 5 standard errors allowed.
    func testGammaMomentsMatchTheShape() {
        for shape in [0.05, 0.3, 1.0, 4.5] {
            var generator = SplitMix64(seed: 17)
            let draws = (0..<40_000).map { _ in exp(GammaSampler.logSample(shape: shape, using: &generator)) }
            let mean = draws.reduce(0, +) / Double(draws.count)
            let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
            XCTAssertEqual(mean, shape, accuracy: 5 * (shape / 40_000).squareRoot(), "shape \(shape)")
            XCTAssertEqual(variance, shape, accuracy: 0.1 * shape, "shape \(shape)")
        }
    }

    func testTinyShapeStaysFiniteInLogSpace() {
        var generator = SplitMix64(seed: 3)
        let logs = (0..<1_000).map { _ in GammaSampler.logSample(shape: 0.001, using: &generator) }
        XCTAssertTrue(logs.allSatisfy(\.isFinite))
        XCTAssertLessThan(logs.min() ?? 0, -700, "such draws underflow as plain doubles")
        let shares = GammaSampler.dirichlet(alpha: 0.001, dimension: 8, using: &generator)
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertTrue(shares.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    func testDirichletMeanIsUniform() {
        var generator = SplitMix64(seed: 8)
        var sums = [Double](repeating: 0, count: 4)
        for _ in 0..<10_000 {
            for (i, share) in GammaSampler.dirichlet(alpha: 0.5, dimension: 4, using: &generator).enumerated() {
                sums[i] += share
            }
        }
        for sum in sums { XCTAssertEqual(sum / 10_000, 0.25, accuracy: 0.01) }
    }
}
