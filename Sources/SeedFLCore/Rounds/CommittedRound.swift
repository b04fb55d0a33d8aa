/// One round as the ledger stores it and as every trainer applies it.
///
/// For the seed-based algorithms (DeComFL) the update is fully described by the
/// round seed and the `K x P` aggregated scalars: `x -= lr * sum_k sum_p g[k][p] * z(seed, k, p) / P`,
/// applied by ``UpdateRule`` in a fixed order. For the dense baselines (FedZO, FedMeZO)
/// the aggregated trainable-parameter delta is carried in `dense` instead.
public struct CommittedRound: Sendable, Equatable, Codable {
    /// Position in the ledger: strictly increasing from 1, no gaps.
    public var sequence: UInt64
    /// Round number on the broker's clock (aborted rounds leave gaps here, never in `sequence`).
    public var round: UInt64
    /// The public round seed (before any private seed shift).
    public var seed: UInt64
    /// Local steps K.
    public var steps: Int
    /// Perturbations per step P.
    public var perturbations: Int
    /// Learning rate applied with this round's scalars.
    public var learningRate: Float
    /// `K * P` aggregated gradient scalars, row-major `[k][p]`; empty for dense rounds.
    public var scalars: [Float]
    /// Trainer ids whose contributions were combined, strictly increasing.
    public var contributors: [UInt32]
    /// Mean base loss reported by the contributors (for progress reports only).
    public var meanLoss: Float
    /// Averaged trainable-parameter delta (dense baselines only), length `d`.
    public var dense: [Float]?

    public init(sequence: UInt64, round: UInt64, seed: UInt64, steps: Int, perturbations: Int,
                learningRate: Float, scalars: [Float], contributors: [UInt32], meanLoss: Float,
                dense: [Float]? = nil) {
        self.sequence = sequence
        self.round = round
        self.seed = seed
        self.steps = steps
        self.perturbations = perturbations
        self.learningRate = learningRate
        self.scalars = scalars
        self.contributors = contributors
        self.meanLoss = meanLoss
        self.dense = dense
    }

    /// The aggregated scalar for local step `k` and perturbation `p`.
    public func scalar(step k: Int, perturbation p: Int) -> Float { scalars[k * perturbations + p] }
}
