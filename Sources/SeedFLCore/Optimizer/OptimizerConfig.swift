/// The server-side optimiser applied to every committed round (and, identically, to a
/// trainer's local steps). Both options default to off, which is plain ZO-SGD as in
/// DeComFL's Algorithm 1.
public struct OptimizerConfig: Hashable, Sendable, Codable {
    /// Decoupled-from-nothing SGD weight decay `lambda`: each step adds `lambda * x` to the
    /// estimated gradient. 0 disables it.
    public var weightDecay: Float
    /// Momentum factor `beta` of DeComFL appendix A.1 (eqs. 8-9):
    /// `m = beta*m + (1-beta)*G`, `x -= lr*m`. 0 disables momentum (and its state).
    public var momentum: Float
    /// The size of the finite seed pool (FedKSeed), or nil: every round has a seed of its own.
    /// With a pool, round seeds are drawn from a fixed set of this many, the model is the
    /// base minus one accumulated coefficient per pooled direction (``ReplayState``), and a
    /// trainer any number of rounds behind replays at most `pool * K * P` directions. Needs
    /// plain SGD (no momentum, no weight decay): only then is the model linear in the
    /// directions' coefficients. nil is left out of the run's fingerprint.
    public var seedPool: Int?

    public init(weightDecay: Float = 0, momentum: Float = 0, seedPool: Int? = nil) {
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.seedPool = seedPool
    }

    /// True when the optimiser keeps a momentum vector that must be replayed with the model.
    public var hasState: Bool { momentum != 0 }
}
