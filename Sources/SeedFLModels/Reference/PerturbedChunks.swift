import SeedFLCore

/// Streams `x + scale * z(key)` in cache-sized chunks without writing `x`.
///
/// Small models use it to evaluate a perturbed loss: each chunk is materialised into a
/// scratch buffer right before use, so the stored parameters never change.
enum PerturbedChunks {
    static let chunk = 4096

    /// Calls `body(start, values)` for consecutive chunks covering `x`, where `values` are
    /// the (possibly perturbed) parameters `x[start ..< start + values.count]`.
    static func forEach(_ x: [Float], perturbation: Perturbation?,
                        _ body: (Int, UnsafeBufferPointer<Float>) -> Void) {
        x.withUnsafeBufferPointer { xb in
            guard let perturbation else {
                body(0, xb)
                return
            }
            let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: min(chunk, max(1, xb.count)))
            defer { scratch.deallocate() }
            var lo = 0
            while lo < xb.count {
                let n = min(chunk, xb.count - lo)
                let out = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
                Gaussian.perturbed(perturbation.key, scale: perturbation.scale, start: lo,
                                   base: UnsafeBufferPointer(rebasing: xb[lo..<(lo + n)]), into: out)
                body(lo, UnsafeBufferPointer(out))
                lo += n
            }
        }
    }
}
