import CSeedFLKernels

/// One implementation of the ``Gaussian`` stream. Every path gives identical bits (that is
/// tested); they differ only in speed. The public ``Gaussian`` functions always use
/// ``best``; naming a path is for tests and benchmarks.
public enum GaussianPath: String, CaseIterable, Sendable, Codable {
    /// One element at a time, transcribing `docs/determinism.md`; the yardstick.
    case reference
    /// Vectorised for baseline x86-64 (SSE2), or the portable build on other CPUs.
    case sse2
    /// Vectorised for AVX2 (no FMA: contraction is disabled).
    case avx2
    /// Vectorised for AVX-512 (F, VL, DQ, BW).
    case avx512

    var cValue: seedfl_path {
        switch self {
        case .reference: return SEEDFL_PATH_REFERENCE
        case .sse2: return SEEDFL_PATH_SSE2
        case .avx2: return SEEDFL_PATH_AVX2
        case .avx512: return SEEDFL_PATH_AVX512
        }
    }

    /// The fastest path this CPU supports: the one ``Gaussian`` uses.
    public static var best: GaussianPath {
        switch seedfl_gaussian_best_path() {
        case SEEDFL_PATH_AVX512: return .avx512
        case SEEDFL_PATH_AVX2: return .avx2
        case SEEDFL_PATH_REFERENCE: return .reference
        default: return .sse2
        }
    }

    /// Whether this CPU can run the path.
    public var isSupported: Bool { seedfl_gaussian_path_supported(cValue) != 0 }

    /// The paths this CPU can run, slowest first.
    public static var supported: [GaussianPath] { allCases.filter(\.isSupported) }

    /// ``Gaussian/fill(_:start:into:)`` on this path. Returns `false` (and writes
    /// nothing) if the CPU does not support it.
    @discardableResult
    public func fill(_ key: PerturbationKey, start: Int, into out: UnsafeMutableBufferPointer<Float>) -> Bool {
        precondition(start >= 0, "GaussianPath.fill: negative start \(start)")
        guard let base = out.baseAddress, out.count > 0 else { return isSupported }
        return seedfl_gaussian_fill_on(
            cValue, key.seed, key.step, key.perturbation, UInt64(start), base, out.count) == 0
    }

    /// ``Gaussian/axpy(_:alpha:start:into:)`` on this path. Returns `false` (and writes
    /// nothing) if the CPU does not support it.
    @discardableResult
    public func axpy(_ key: PerturbationKey, alpha: Float, start: Int, into x: UnsafeMutableBufferPointer<Float>) -> Bool {
        precondition(start >= 0, "GaussianPath.axpy: negative start \(start)")
        guard let base = x.baseAddress, x.count > 0 else { return isSupported }
        return seedfl_gaussian_axpy_on(
            cValue, key.seed, key.step, key.perturbation, alpha, UInt64(start), base, x.count) == 0
    }

    /// ``Gaussian/perturbed(_:scale:start:base:into:)`` on this path. Returns `false` (and
    /// writes nothing) if the CPU does not support it.
    @discardableResult
    public func perturbed(
        _ key: PerturbationKey, scale: Float, start: Int,
        base: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        precondition(start >= 0, "GaussianPath.perturbed: negative start \(start)")
        precondition(base.count == out.count, "GaussianPath.perturbed: base has \(base.count) elements, out has \(out.count)")
        guard let src = base.baseAddress, let dst = out.baseAddress, out.count > 0 else { return isSupported }
        return seedfl_gaussian_perturbed_on(
            cValue, key.seed, key.step, key.perturbation, scale, UInt64(start), src, dst, out.count) == 0
    }
}
