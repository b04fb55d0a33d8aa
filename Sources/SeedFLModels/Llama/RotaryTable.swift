#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Precomputed cosines and sines of rotary position embedding, grown on demand.
///
/// Pair `i` (elements `2i` and `2i+1` of a head, llama.cpp's "normal" rope mode that matches the
/// row permutation its GGUF converter applies to Q and K) at position `p` rotates by the angle
/// `p · base^(-2i/headDimension)`. Angles are computed in Double and rounded once, so the table
/// is as exact as Float allows at every position.
final class RotaryTable {
    let pairCount: Int
    let base: Double
    private(set) var positionCount = 0
    private(set) var cosines: [Float] = []
    private(set) var sines: [Float] = []

    init(headDimension: Int, base: Double) {
        pairCount = headDimension / 2
        self.base = base
    }

    /// Makes sure positions `0..<count` are in the table.
    func ensure(positions count: Int) {
        guard count > positionCount else { return }
        let newCount = max(count, 2 * positionCount)
        cosines.reserveCapacity(newCount * pairCount)
        sines.reserveCapacity(newCount * pairCount)
        let exponentStep = -2.0 / Double(2 * pairCount)
        for position in positionCount..<newCount {
            for pair in 0..<pairCount {
                let angle = Double(position) * pow(base, exponentStep * Double(pair))
                cosines.append(Float(cos(angle)))
                sines.append(Float(sin(angle)))
            }
        }
        positionCount = newCount
    }

    /// Rotates every head of one token in place: `heads` consecutive heads of `2·pairCount`
    /// floats starting at `vector`, at position `position` (which must be in the table).
    @inline(__always)
    func rotate(_ vector: UnsafeMutablePointer<Float>, heads: Int, position: Int) {
        cosines.withUnsafeBufferPointer { cosines in
            sines.withUnsafeBufferPointer { sines in
                let row = position * pairCount
                for head in 0..<heads {
                    let x = vector + head * 2 * pairCount
                    for pair in 0..<pairCount {
                        let c = cosines[row + pair], s = sines[row + pair]
                        let x0 = x[2 * pair], x1 = x[2 * pair + 1]
                        x[2 * pair] = x0 * c - x1 * s
                        x[2 * pair + 1] = x0 * s + x1 * c
                    }
                }
            }
        }
    }
}
