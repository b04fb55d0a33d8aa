/// The zeroth-order hyper-parameters of a run, shared by simulator, trainers and replay.
public struct ZOConfig: Hashable, Sendable, Codable {
    /// Local steps per round, K (DeComFL default 1).
    public var steps: Int
    /// Perturbations per step, P. More perturbations lower the estimator's variance at
    /// P forwards (and P scalars on the wire) per step.
    public var perturbations: Int
    /// Smoothing parameter mu of the finite difference (MeZO's default 1e-3).
    public var mu: Float
    /// Global learning rate eta.
    public var learningRate: Float
    /// Forward (DeComFL) or central (MeZO) differences.
    public var estimator: Estimator
    /// Examples per local step (the same batch is used for the base and all P perturbations).
    public var batchSize: Int
    /// Weight decay and momentum.
    public var optimizer: OptimizerConfig

    public init(steps: Int = 1, perturbations: Int = 5, mu: Float = 1e-3, learningRate: Float = 1e-3,
                estimator: Estimator = .forward, batchSize: Int = 32, optimizer: OptimizerConfig = .init()) {
        self.steps = steps
        self.perturbations = perturbations
        self.mu = mu
        self.learningRate = learningRate
        self.estimator = estimator
        self.batchSize = batchSize
        self.optimizer = optimizer
    }
}
