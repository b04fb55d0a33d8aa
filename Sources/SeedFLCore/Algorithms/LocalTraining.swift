/// What a trainer computes in one round before it talks to anyone.
public struct LocalResult: Sendable, Equatable {
    /// `K * P` gradient scalars, row-major `[k][p]` (already multiplied by the trainer's
    /// personalised weight, when there is one).
    public var scalars: [Float]
    /// Mean of the base losses `f(x_k)` over the K local steps.
    public var baseLoss: Float
    /// Number of example evaluations behind the scalars (K * batch).
    public var examples: Int
    /// Dense baselines only: the local change `x_K - x_0` of the trainable parameters.
    public var delta: [Float]?

    public init(scalars: [Float], baseLoss: Float, examples: Int, delta: [Float]?) {
        self.scalars = scalars
        self.baseLoss = baseLoss
        self.examples = examples
        self.delta = delta
    }
}

/// The trainer-side algorithms. They read the global parameters and never write them:
/// a local model, when K > 1 needs one, is a private copy that is simply dropped at the
/// end, which is DeComFL's exact "revert" without any arithmetic undo.
public enum LocalTraining {
    /// DeComFL's ClientZOLocalUpdate (Algorithm 2, lines 11-19) with P perturbations per
    /// step (appendix A.1).
    ///
    /// - Parameters:
    ///   - seed: the round seed after the private seed shift.
    ///   - learningRate: this trainer's local rate (the global rate, or its personalised one).
    ///   - scalarWeight: multiplies every scalar sent; personalised DeComFL sends
    ///     `(eta_i / eta) * g` so that the committed update `eta * mean(...)` equals the
    ///     average of the trainers' own `eta_i * g_i` (see docs/algorithms.md).
    ///   - batch: the example indices used at local step k.
    public static func decomfl(model: some TrainableModel, global x: [Float], momentum: [Float],
                               seed: UInt64, config: ZOConfig, learningRate: Float,
                               scalarWeight: Float = 1, batch: (Int) -> [Int]) -> LocalResult {
        let K = config.steps, P = config.perturbations
        var scalars = [Float](repeating: 0, count: K * P)
        var local = x                 // copy-on-write: no copy unless a local step writes it
        var localMomentum = momentum
        var lossSum = 0.0
        var examples = 0
        for k in 0..<K {
            let examplesK = batch(k)
            examples += examplesK.count
            let (row, base) = estimateStep(model: model, at: local, seed: seed, step: k, config: config,
                                           examples: examplesK)
            lossSum += base
            for p in 0..<P { scalars[k * P + p] = row[p] }
            // The last step's update would be reverted at once, so it is never applied.
            if k < K - 1 {
                UpdateRule.apply(seed: seed, firstStep: k, steps: 1, perturbations: P,
                                 coefficients: UpdateRule.coefficients(scalars: row, perturbations: P),
                                 learningRate: learningRate, optimizer: config.optimizer,
                                 to: &local, momentum: &localMomentum)
            }
        }
        if scalarWeight != 1 { scalars = scalars.map { $0 * scalarWeight } }
        return LocalResult(scalars: scalars, baseLoss: Float(lossSum / Double(K)), examples: examples, delta: nil)
    }

    /// The local phase of the dense baselines: FedZO (forward differences) and FedMeZO
    /// (central differences). Each trainer draws its own directions from `seed` (already
    /// made trainer-specific by the caller), runs K ZO-SGD steps, and returns the whole
    /// change of the trainable vector, which is what goes on the wire (d floats).
    public static func dense(model: some TrainableModel, global x: [Float], seed: UInt64,
                             config: ZOConfig, learningRate: Float, batch: (Int) -> [Int]) -> LocalResult {
        let K = config.steps, P = config.perturbations
        var local = x
        var noMomentum: [Float] = []
        var optimizer = config.optimizer
        optimizer.momentum = 0        // FedAvg-style baselines restart local optimisers every round
        var lossSum = 0.0
        var examples = 0
        var scalars = [Float](repeating: 0, count: K * P)
        for k in 0..<K {
            let examplesK = batch(k)
            examples += examplesK.count
            let (row, base) = estimateStep(model: model, at: local, seed: seed, step: k, config: config,
                                           examples: examplesK)
            lossSum += base
            for p in 0..<P { scalars[k * P + p] = row[p] }
            UpdateRule.apply(seed: seed, firstStep: k, steps: 1, perturbations: P,
                             coefficients: UpdateRule.coefficients(scalars: row, perturbations: P),
                             learningRate: learningRate, optimizer: optimizer,
                             to: &local, momentum: &noMomentum)
        }
        var delta = local
        for i in delta.indices { delta[i] = local[i] - x[i] }
        return LocalResult(scalars: scalars, baseLoss: Float(lossSum / Double(K)), examples: examples, delta: delta)
    }

    /// The P scalars of one local step and the base loss reported for it.
    ///
    /// Forward differences evaluate `f(x)` once and reuse it for every perturbation.
    /// Central differences need no `f(x)`; the reported loss is then the mean of
    /// `(f(x+mu z) + f(x-mu z)) / 2`, which equals `f(x)` up to `O(mu^2)` and saves a forward.
    static func estimateStep(model: some TrainableModel, at x: [Float], seed: UInt64, step k: Int,
                             config: ZOConfig, examples: [Int]) -> (scalars: [Float], baseLoss: Double) {
        let P = config.perturbations
        let mu = config.mu
        var row = [Float](repeating: 0, count: P)
        switch config.estimator {
        case .forward:
            let base = model.loss(at: x, perturbation: nil, examples: examples)
            for p in 0..<P {
                let key = PerturbationKey(seed: seed, step: UInt32(k), perturbation: UInt32(p))
                let plus = model.loss(at: x, perturbation: Perturbation(key: key, scale: mu), examples: examples)
                row[p] = Float((plus - base) / Double(mu))
            }
            return (row, base)
        case .central:
            var mid = 0.0
            for p in 0..<P {
                let key = PerturbationKey(seed: seed, step: UInt32(k), perturbation: UInt32(p))
                let plus = model.loss(at: x, perturbation: Perturbation(key: key, scale: mu), examples: examples)
                let minus = model.loss(at: x, perturbation: Perturbation(key: key, scale: -mu), examples: examples)
                row[p] = Float((plus - minus) / (2 * Double(mu)))
                mid += (plus + minus) / 2
            }
            return (row, mid / Double(P))
        }
    }
}
