/// Names one perturbation vector `z`: the round seed, the local step `k` and the
/// perturbation index `p`. Element `i` of that vector is a pure function of
/// `(seed, step, perturbation, i)`; see `docs/determinism.md`.
public struct PerturbationKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var seed: UInt64
    public var step: UInt32
    public var perturbation: UInt32

    public init(seed: UInt64, step: UInt32, perturbation: UInt32) {
        self.seed = seed
        self.step = step
        self.perturbation = perturbation
    }

    public var description: String { "z(seed: \(seed), k: \(step), p: \(perturbation))" }
}

/// A displacement `scale * z(key)` of the parameters. Models evaluate `f(x + scale*z)`
/// without writing `x` (see ARCHITECTURE.md, "Determinism contract").
public struct Perturbation: Hashable, Sendable {
    public var key: PerturbationKey
    public var scale: Float

    public init(key: PerturbationKey, scale: Float) {
        self.key = key
        self.scale = scale
    }
}
