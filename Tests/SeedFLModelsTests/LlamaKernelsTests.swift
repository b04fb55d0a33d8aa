import Foundation
import XCTest
@testable import SeedFLModels

final class LlamaKernelsTests: XCTestCase {
    func testFastExponentialIsWithinTwoUlpOnItsRange() {
        var worst = 0.0
        var x: Float = -87.3
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(fastExponential(x)) - exact) / Double(Float(exact).ulp))
            x = x.nextUp + 0.000_731
        }
        XCTAssertLessThan(worst, 2, "worst error in ulp")
    }

    func testFastExponentialSaturatesInsteadOfOverflowing() {
        XCTAssertGreaterThanOrEqual(fastExponential(-1000), 0)
        XCTAssertLessThan(fastExponential(-1000), 1e-37)
        XCTAssertTrue(fastExponential(1000).isFinite)
        XCTAssertGreaterThan(fastExponential(1000), 1e38)
        XCTAssertEqual(fastExponential(0), 1)
        XCTAssertTrue(fastExponential(.nan).isNaN)
    }

    func testSwiGLUMatchesTheDefinition() {
        let width = 37 // not a multiple of 16, so the tail path runs too
        let gateUp = (0..<(2 * 2 * width)).map { Float(sin(Double($0) * 1.3)) * 30 }
        var output = [Float](repeating: .nan, count: 2 * width)
        LlamaKernels.swiGLU(gateUp, into: &output, rows: 2, width: width)
        for row in 0..<2 {
            for j in 0..<width {
                let g = Double(gateUp[row * 2 * width + j]), u = Double(gateUp[row * 2 * width + width + j])
                XCTAssertEqual(Double(output[row * width + j]), g / (1 + exp(-g)) * u, accuracy: 1e-5 * max(1, abs(g * u)))
            }
        }
    }

    func testCausalSoftmaxNormalisesThePrefixAndZeroesTheFuture() {
        let length = 21
        var scores = (0..<(length * length)).map { Float(cos(Double($0))) * 8 }
        let original = scores
        LlamaKernels.causalSoftmax(&scores, length: length)
        for i in 0..<length {
            let row = Array(scores[(i * length)..<((i + 1) * length)])
            XCTAssertEqual(row[0...i].reduce(0, +), 1, accuracy: 1e-5)
            XCTAssertTrue(row[(i + 1)...].allSatisfy { $0 == 0 })
            let prefix = original[(i * length)...(i * length + i)].map(Double.init)
            let top = prefix.max()!, total = prefix.map { exp($0 - top) }.reduce(0, +)
            for j in 0...i {
                XCTAssertEqual(Double(row[j]), exp(prefix[j] - top) / total, accuracy: 1e-6)
            }
        }
    }
}
