extension Gaussian {
    /// Elements per pass of ``accumulate(_:start:into:)``: 4096 floats (16 KiB) stay in a
    /// 32-48 KiB L1 cache while every perturbation is applied to them, and each kernel
    /// call still amortises its set-up (about 50 ns) over microseconds of work.
    public static let accumulateChunk = 4096

    /// Applies several perturbations in one pass over `x`:
    /// `x[t] = ((x[t] + s_1 * z_1[start + t]) + s_2 * z_2[start + t]) + ...` in the order
    /// of `perturbations`, each term rounded like ``axpy(_:alpha:start:into:)``.
    ///
    /// The result is bit-identical to calling `axpy` once per perturbation over the whole
    /// buffer, in the same order; only the memory traffic differs: `x` is walked in
    /// L1-sized chunks and each chunk gets every term before the next is loaded, so a
    /// commit of K*P perturbations reads and writes `x` once instead of K*P times.
    public static func accumulate(_ perturbations: [Perturbation], start: Int, into x: UnsafeMutableBufferPointer<Float>) {
        precondition(start >= 0, "Gaussian.accumulate: negative start \(start)")
        var lo = 0
        while lo < x.count {
            let hi = min(x.count, lo + accumulateChunk)
            let chunk = UnsafeMutableBufferPointer(rebasing: x[lo..<hi])
            for p in perturbations {
                axpy(p.key, alpha: p.scale, start: start + lo, into: chunk)
            }
            lo = hi
        }
    }
}
