import XCTest
@testable import SeedFLCore

/// The SPSA scalar times its direction is an (O(mu)-biased) estimate of the gradient.
final class EstimatorTests: XCTestCase {
    /// Averages `g * z` over many independent directions and checks every coordinate
    /// against the true gradient. For Gaussian z and a = grad f, Var(z_i (z . a)) =
    /// |a|^2 + a_i^2, so the mean of N draws has standard error sqrt((|a|^2 + a_i^2) / N);
    /// we allow 5 standard errors plus the finite-difference bias, which for the forward
    /// estimator on this quadratic is at most mu/2 * max(h) * E|z|^2 |z_i| <~ mu * d per
    /// coordinate (tiny at mu = 1e-4).
    func testAverageOfScalarTimesDirectionApproachesGradient() {
        let d = 16
        let model = Quadratic(dimension: d)
        let x: [Float] = (0..<d).map { Float($0 % 5) * 0.1 }
        let truth = model.gradient(at: x)
        let norm2 = truth.reduce(0) { $0 + $1 * $1 }
        for estimator in Estimator.allCases {
            let n = 20_000
            var mean = [Double](repeating: 0, count: d)
            let config = ZOConfig(steps: 1, perturbations: 1, mu: 1e-4, estimator: estimator)
            for s in 0..<n {
                let (row, _) = LocalTraining.estimateStep(model: model, at: x, seed: UInt64(s), step: 0,
                                                          config: config, examples: [0])
                let z = Gaussian.vector(PerturbationKey(seed: UInt64(s), step: 0, perturbation: 0), count: d)
                for i in 0..<d { mean[i] += Double(row[0]) * Double(z[i]) / Double(n) }
            }
            for i in 0..<d {
                let se = ((norm2 + truth[i] * truth[i]) / Double(n)).squareRoot()
                let bias = 1e-4 * Double(d)
                XCTAssertEqual(mean[i], truth[i], accuracy: 5 * se + bias, "\(estimator) coordinate \(i)")
            }
        }
    }

    /// The central estimator's scalar is exact for a quadratic up to float rounding:
    /// (f(x+mu z) - f(x-mu z)) / 2mu = grad f . z exactly in real arithmetic.
    func testCentralDifferenceIsExactOnAQuadratic() {
        let d = 8
        let model = Quadratic(dimension: d)
        let x: [Float] = (0..<d).map { Float($0) * 0.25 }
        let key = PerturbationKey(seed: 42, step: 0, perturbation: 0)
        let z = Gaussian.vector(key, count: d)
        let exact = zip(model.gradient(at: x), z).reduce(0.0) { $0 + $1.0 * Double($1.1) }
        let config = ZOConfig(steps: 1, perturbations: 1, mu: 1e-2, estimator: .central)
        let (row, _) = LocalTraining.estimateStep(model: model, at: x, seed: 42, step: 0, config: config, examples: [0])
        XCTAssertEqual(Double(row[0]), exact, accuracy: 1e-3 * max(1, abs(exact)))
    }
}
