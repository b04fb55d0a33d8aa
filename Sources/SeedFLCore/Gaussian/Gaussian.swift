import CSeedFLKernels

/// The perturbation vectors `z(key)`: an infinite, sliceable stream of standard normals.
///
/// Element `i` of `z(key)` is a pure function of `(key.seed, key.step, key.perturbation, i)`
/// (Philox4x32-10 counter-based generator, Box-Muller in float32 with SeedFL's own
/// polynomial log and sin/cos; `docs/determinism.md` gives every operation and test
/// vectors). Hence any slice can be generated alone, in any order, on any number of
/// threads and on any x86-64 instruction set, with identical bits: that is what lets
/// every process rebuild the same model from the `(seed, scalar)` history.
///
/// All functions are thread-safe and do not allocate (except ``vector(_:start:count:)``).
/// `start` is an element index (any non-negative `Int`, not necessarily a multiple of 4).
public enum Gaussian {
    /// Writes `out[t] = z(key)[start + t]` for every `t` in `out.indices`.
    public static func fill(_ key: PerturbationKey, start: Int, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(start >= 0, "Gaussian.fill: negative start \(start)")
        guard let base = out.baseAddress, out.count > 0 else { return }
        seedfl_gaussian_fill(key.seed, key.step, key.perturbation, UInt64(start), base, out.count)
    }

    /// Updates `x[t] = x[t] + alpha * z(key)[start + t]`, rounding the product and then the
    /// sum (never a fused multiply-add), so that it equals ``fill(_:start:into:)`` followed
    /// by the same two float operations, bit for bit. The normals are generated inside
    /// the update (in registers, or in L1-sized chunks on the portable paths) and never
    /// stored as a whole.
    public static func axpy(_ key: PerturbationKey, alpha: Float, start: Int, into x: UnsafeMutableBufferPointer<Float>) {
        precondition(start >= 0, "Gaussian.axpy: negative start \(start)")
        guard let base = x.baseAddress, x.count > 0 else { return }
        seedfl_gaussian_axpy(key.seed, key.step, key.perturbation, alpha, UInt64(start), base, x.count)
    }

    /// Writes `out[t] = base[t] + scale * z(key)[start + t]` with the rounding of
    /// ``axpy(_:alpha:start:into:)``; `base` is only read. This is how a model evaluates
    /// `f(x + mu * z)` without writing `x`. `base` and `out` must have the same count;
    /// they may be the same buffer but must not partially overlap.
    public static func perturbed(
        _ key: PerturbationKey, scale: Float, start: Int,
        base: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(start >= 0, "Gaussian.perturbed: negative start \(start)")
        precondition(base.count == out.count, "Gaussian.perturbed: base has \(base.count) elements, out has \(out.count)")
        guard let src = base.baseAddress, let dst = out.baseAddress, out.count > 0 else { return }
        seedfl_gaussian_perturbed(
            key.seed, key.step, key.perturbation, scale, UInt64(start), src, dst, out.count)
    }

    /// Returns `z(key)[start ..< start + count]` as an array; a convenience for tests and
    /// small models (large models should use the buffer functions, which do not allocate).
    public static func vector(_ key: PerturbationKey, start: Int = 0, count: Int) -> [Float] {
        precondition(count >= 0, "Gaussian.vector: negative count \(count)")
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(key, start: start, into: buffer)
            initialized = count
        }
    }
}
