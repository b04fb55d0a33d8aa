import Foundation
import SeedFLCore
import XCTest

/// Justifies the accuracy claims of `docs/determinism.md`: SeedFL's own float32 log and
/// sin/cos are checked against double-precision libm on *every* input the stream can feed
/// them (a uniform takes exactly 2^23 values), so the bounds are exact maxima, not
/// estimates.
final class GaussianAccuracyTests: XCTestCase {
    /// Error of `value` in units in the last place of a float32 near `reference`.
    private func ulps(_ value: Float, _ reference: Double) -> Double {
        guard reference != 0 else { return value == 0 ? 0 : .infinity }
        let ulp = Double(sign: .plus, exponent: reference.exponent - 23, significand: 1)
        return abs(Double(value) - reference) / ulp
    }

    /// Calls `body` with one word per possible uniform (the stream ignores the low 9 bits).
    private func forEveryUniform(_ body: (UInt32) -> Void) {
        for m in 0..<UInt32(1 << 23) { body(m << 9) }
    }

    func testLogAndRadiusAreWithinOneUlpForEveryUniform() {
        var worstLog = 0.0
        var worstRadius = 0.0
        forEveryUniform { word in
            let u = GaussianPrimitives.uniform(word)
            let exact = Foundation.log(Double(u))
            let log = GaussianPrimitives.log(u)
            worstLog = max(worstLog, ulps(log, exact))
            worstRadius = max(worstRadius, ulps((-2 * log).squareRoot(), (-2 * exact).squareRoot()))
        }
        XCTAssertLessThan(worstLog, 1.0)     // measured 0.886
        XCTAssertLessThan(worstRadius, 1.0)  // measured 0.982
    }

    func testSinCosAreWithinTwoUlpForEveryAngle() {
        var worst = 0.0
        forEveryUniform { word in
            let angle = 2 * Double.pi * Double(GaussianPrimitives.uniform(word))
            let (s, c) = GaussianPrimitives.sinCosTurn(word)
            worst = max(worst, ulps(s, Foundation.sin(angle)))
            worst = max(worst, ulps(c, Foundation.cos(angle)))
        }
        XCTAssertLessThan(worst, 2.0)  // measured 1.683
    }

    func testLogOfGeneralFloats() {
        // The log is also right outside the stream's inputs (any positive normal float).
        for x: Float in [1, 2, 0.5, 3, 10, 1e-30, 1e30, .leastNormalMagnitude, .greatestFiniteMagnitude] {
            XCTAssertLessThan(ulps(GaussianPrimitives.log(x), Foundation.log(Double(x))), 1.0, "\(x)")
        }
        XCTAssertEqual(GaussianPrimitives.log(1), 0)
    }

    /// End to end: each normal against Box-Muller in double on the same uniforms. The
    /// relative errors of the parts add up (radius < 1 ulp, cos/sin < 2 ulp, the final
    /// product half an ulp), measured as ulps of the result: 3.17 on these 4*10^5
    /// normals, 3.46 over 4*10^7 normals from random words; the bound is 3.5.
    func testNormalsAreWithinThreeAndAHalfUlpOfDoubleBoxMuller() {
        let key = PerturbationKey(seed: 42, step: 0, perturbation: 0)
        var worst = 0.0
        for block in 0..<UInt64(100_000) {
            let w = GaussianPrimitives.philox4x32_10(
                counter: (UInt32(truncatingIfNeeded: block), UInt32(block >> 32), key.step, key.perturbation),
                key: (UInt32(truncatingIfNeeded: key.seed), UInt32(key.seed >> 32)))
            for (pair, (w1, w2)) in [(w.0, w.1), (w.2, w.3)].enumerated() {
                let radius = (-2 * Foundation.log(Double(GaussianPrimitives.uniform(w1)))).squareRoot()
                let angle = 2 * Double.pi * Double(GaussianPrimitives.uniform(w2))
                let index = 4 * block + 2 * UInt64(pair)
                worst = max(
                    worst,
                    ulps(GaussianPrimitives.element(key, index: index), radius * Foundation.cos(angle)),
                    ulps(GaussianPrimitives.element(key, index: index + 1), radius * Foundation.sin(angle)))
            }
        }
        XCTAssertLessThan(worst, 3.5)
    }
}
