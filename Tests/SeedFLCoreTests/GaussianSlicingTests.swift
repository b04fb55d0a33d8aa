import Dispatch
import SeedFLCore
import XCTest

/// The determinism contract: any slice, any thread count, any code path, fused or not,
/// gives the bits of the whole vector.
final class GaussianSlicingTests: XCTestCase {
    private let key = PerturbationKey(seed: 0xDEAD_BEEF_0BAD_F00D, step: 7, perturbation: 3)

    func testSlicesEqualTheWhole() {
        let total = 5_000
        let whole = Gaussian.vector(key, count: total).map(\.bitPattern)
        var rng = SplitMix64(seed: 1)
        for trial in 0..<300 {
            // Lengths 0...64 exercise the partial head/tail blocks; some span many chunks.
            let count = trial % 3 == 0 ? Int.random(in: 0...total / 2, using: &rng) : Int.random(in: 0...64, using: &rng)
            let start = Int.random(in: 0...(total - count), using: &rng)
            let slice = Gaussian.vector(key, start: start, count: count).map(\.bitPattern)
            XCTAssertEqual(slice, Array(whole[start..<start + count]), "start \(start) count \(count)")
        }
    }

    func testSlicesFarAwayEqualTheReference() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<50 {
            let start = Int.random(in: 0...(Int.max / 2), using: &rng)
            let count = Int.random(in: 1...300, using: &rng)
            let slice = Gaussian.vector(key, start: start, count: count)
            for t in stride(from: 0, to: count, by: 7) {
                XCTAssertEqual(
                    slice[t].bitPattern,
                    GaussianPrimitives.element(key, index: UInt64(start + t)).bitPattern,
                    "start \(start) t \(t)")
            }
        }
    }

    func testEveryPathEqualsTheReference() {
        let count = 3_001
        // 4 * 2^32 - 37 makes the counter's low word wrap inside one vector group.
        for start in [0, 1, 2, 3, 4, 1_023, 1_000_000_007, 4 * (1 << 32) - 37] {
            var reference = [Float](repeating: .nan, count: count)
            reference.withUnsafeMutableBufferPointer { XCTAssertTrue(GaussianPath.reference.fill(key, start: start, into: $0)) }
            for path in GaussianPath.supported {
                var values = [Float](repeating: .nan, count: count)
                values.withUnsafeMutableBufferPointer { XCTAssertTrue(path.fill(key, start: start, into: $0)) }
                XCTAssertEqual(values.map(\.bitPattern), reference.map(\.bitPattern), "\(path) start \(start)")

                var x = (0..<count).map { Float($0) * 0.25 - 100 }
                var xReference = x
                x.withUnsafeMutableBufferPointer { XCTAssertTrue(path.axpy(key, alpha: -0.37, start: start, into: $0)) }
                xReference.withUnsafeMutableBufferPointer {
                    XCTAssertTrue(GaussianPath.reference.axpy(key, alpha: -0.37, start: start, into: $0))
                }
                XCTAssertEqual(x.map(\.bitPattern), xReference.map(\.bitPattern), "axpy \(path) start \(start)")

                let base = (0..<count).map { Float($0) * -0.5 + 7 }
                var out = [Float](repeating: .nan, count: count)
                var outReference = out
                base.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer {
                        XCTAssertTrue(path.perturbed(key, scale: 0.01, start: start, base: b, into: $0))
                    }
                    outReference.withUnsafeMutableBufferPointer {
                        XCTAssertTrue(GaussianPath.reference.perturbed(key, scale: 0.01, start: start, base: b, into: $0))
                    }
                }
                XCTAssertEqual(out.map(\.bitPattern), outReference.map(\.bitPattern), "perturbed \(path) start \(start)")
            }
        }
        XCTAssertTrue(GaussianPath.supported.contains(.best))
    }

    func testOneThreadEqualsManyThreads() {
        let total = 100_003
        let key = self.key
        let whole = Gaussian.vector(key, count: total)
        for threads in [2, 3, 8, 13] {
            var parallel = [Float](repeating: .nan, count: total)
            parallel.withUnsafeMutableBufferPointer { buffer in
                let shared = SharedBuffer(buffer)
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    let lo = total * t / threads
                    let hi = total * (t + 1) / threads
                    Gaussian.fill(key, start: lo, into: shared.slice(lo, hi))
                }
            }
            XCTAssertEqual(parallel.map(\.bitPattern), whole.map(\.bitPattern), "\(threads) threads")
        }
    }

    func testAxpyEqualsFillThenAdd() {
        var rng = SplitMix64(seed: 3)
        for alpha: Float in [1, -1, 0.001, -3.5e-4, 1e7, 0] {
            let start = Int.random(in: 0...10_000, using: &rng)
            let count = Int.random(in: 0...2_000, using: &rng)
            let base = (0..<count).map { _ in Float(rng.nextGaussian()) }
            let z = Gaussian.vector(key, start: start, count: count)
            let expected = (0..<count).map { t -> UInt32 in
                let product = alpha * z[t]   // rounded on its own (Swift never contracts)
                return (base[t] + product).bitPattern
            }
            var x = base
            x.withUnsafeMutableBufferPointer { Gaussian.axpy(key, alpha: alpha, start: start, into: $0) }
            XCTAssertEqual(x.map(\.bitPattern), expected, "axpy alpha \(alpha)")

            var out = [Float](repeating: .nan, count: count)
            base.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { Gaussian.perturbed(key, scale: alpha, start: start, base: b, into: $0) }
            }
            XCTAssertEqual(out.map(\.bitPattern), expected, "perturbed scale \(alpha)")
        }
    }

    func testAccumulateEqualsOneAxpyPerPerturbationInOrder() {
        var rng = SplitMix64(seed: 4)
        let perturbations = (0..<6).map { p in
            Perturbation(
                key: PerturbationKey(seed: rng.next(), step: UInt32(p / 3), perturbation: UInt32(p % 3)),
                scale: Float(rng.nextGaussian()) * 1e-3)
        }
        // Several chunks plus a ragged end, from an unaligned start.
        let count = 3 * Gaussian.accumulateChunk + 123
        let start = 1_000_003
        let base = (0..<count).map { _ in Float(rng.nextGaussian()) }
        var expected = base
        expected.withUnsafeMutableBufferPointer { x in
            for p in perturbations { Gaussian.axpy(p.key, alpha: p.scale, start: start, into: x) }
        }
        var x = base
        x.withUnsafeMutableBufferPointer { Gaussian.accumulate(perturbations, start: start, into: $0) }
        XCTAssertEqual(x.map(\.bitPattern), expected.map(\.bitPattern))
        XCTAssertNotEqual(x, base)
    }

    func testPerturbedDoesNotWriteBase() {
        let base = [Float](repeating: 2, count: 1_001)
        var out = [Float](repeating: 0, count: 1_001)
        base.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { Gaussian.perturbed(key, scale: 0.5, start: 5, base: b, into: $0) }
        }
        XCTAssertEqual(base, [Float](repeating: 2, count: 1_001))
        XCTAssertNotEqual(out, base)
    }

    func testEmptyBuffersAreNoOps() {
        XCTAssertEqual(Gaussian.vector(key, start: 12, count: 0), [])
        Gaussian.fill(key, start: 3, into: UnsafeMutableBufferPointer(start: nil, count: 0))
        Gaussian.axpy(key, alpha: 1, start: 3, into: UnsafeMutableBufferPointer(start: nil, count: 0))
    }

    func testDifferentKeysGiveDifferentStreams() {
        let a = Gaussian.vector(key, count: 16)
        var other = key
        for change in 0..<3 {
            other = key
            switch change {
            case 0: other.seed ^= 1
            case 1: other.step &+= 1
            default: other.perturbation &+= 1
            }
            XCTAssertNotEqual(Gaussian.vector(other, count: 16), a, "\(other)")
        }
    }
}

/// A buffer written by several threads at disjoint slices. `@unchecked Sendable` is safe
/// because each thread writes only its own `[lo, hi)` and the array outlives the
/// `concurrentPerform` call.
private struct SharedBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Float>
    init(_ buffer: UnsafeMutableBufferPointer<Float>) { self.buffer = buffer }
    func slice(_ lo: Int, _ hi: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: buffer[lo..<hi])
    }
}
