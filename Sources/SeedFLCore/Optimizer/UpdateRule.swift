/// The one function that writes trainable parameters from seeds and scalars.
///
/// For step `k` of a round, with coefficients `c[k][p]` (already divided by `P`):
///
///     G_k = sum_p c[k][p] * z(seed, k, p)          (p in increasing order)
///     G_k += weightDecay * x                        (if weightDecay != 0)
///     m   = beta*m + (1-beta)*G_k;  x = x - lr*m    (if beta != 0)
///     x   = x - lr*G_k                              (otherwise)
///
/// Steps run in increasing `k`. Every element follows exactly this sequence of float32
/// operations whatever the slicing, so one pass over the parameters (each element reads
/// `x` once and draws its `K*P` normals) gives the same bits as `K*P` separate passes, on
/// any number of threads. Trainers use it for their local steps and every process uses it
/// for committed rounds: nothing else writes the parameters.
public enum UpdateRule {
    /// Elements processed per inner chunk: the accumulator stays in L1.
    static let chunk = 2048

    /// Applies `steps` SGD steps in place.
    ///
    /// - Parameters:
    ///   - seed: the (possibly privately shifted) seed whose `z(seed, k, p)` are used.
    ///   - firstStep: the step index `k` of the first coefficient row (a trainer's local
    ///     step `k` applies one row with `firstStep: k`).
    ///   - coefficients: `steps * perturbations` values, row-major `[k][p]`; the caller has
    ///     already folded in `1/P` (see ``coefficients(scalars:perturbations:)``).
    ///   - momentum: the optimiser state, required (and same length as `x`) when
    ///     `optimizer.momentum != 0`.
    public static func apply(seed: UInt64, firstStep: Int = 0, steps: Int, perturbations: Int,
                             coefficients: [Float], learningRate: Float, optimizer: OptimizerConfig,
                             to x: inout [Float], momentum: inout [Float],
                             threads: Int = Slices.defaultThreads) {
        precondition(coefficients.count == steps * perturbations, "coefficients must be K*P")
        precondition(!optimizer.hasState || momentum.count == x.count, "momentum state missing")
        let count = x.count
        let hasMomentum = optimizer.hasState
        x.withUnsafeMutableBufferPointer { xb in
            momentum.withUnsafeMutableBufferPointer { mb in
                let xs = UnsafeSendable(xb)
                let ms = UnsafeSendable(mb)
                Slices.run(count: count, threads: threads) { range in
                    applySlice(seed: seed, firstStep: firstStep, steps: steps, perturbations: perturbations,
                               coefficients: coefficients, learningRate: learningRate,
                               optimizer: optimizer, range: range, x: xs.value,
                               momentum: hasMomentum ? ms.value : nil)
                }
            }
        }
    }

    /// `c[k][p] = scalars[k][p] / P`, computed once so every process folds the same bits.
    public static func coefficients(scalars: [Float], perturbations: Int) -> [Float] {
        let inv = Float(perturbations)
        return scalars.map { $0 / inv }
    }

    /// Applies one committed round to `x` and the momentum state, perturbing along
    /// `perturbationSeed` (the round's seed after the private shift, which only
    /// ``ReplayState/perturbationSeed(_:)`` applies).
    public static func apply(_ round: CommittedRound, perturbationSeed: UInt64, optimizer: OptimizerConfig,
                             to x: inout [Float], momentum: inout [Float],
                             threads: Int = Slices.defaultThreads) {
        if let dense = round.dense {
            applyDense(dense, to: &x)
            return
        }
        apply(seed: perturbationSeed, steps: round.steps, perturbations: round.perturbations,
              coefficients: coefficients(scalars: round.scalars, perturbations: round.perturbations),
              learningRate: round.learningRate, optimizer: optimizer, to: &x, momentum: &momentum,
              threads: threads)
    }

    /// Dense baselines (FedZO, FedMeZO): `x += delta`, the averaged local change.
    public static func applyDense(_ delta: [Float], to x: inout [Float]) {
        precondition(delta.count == x.count, "dense delta has the wrong dimension")
        for i in x.indices { x[i] = x[i] + delta[i] }
    }

    private static func applySlice(seed: UInt64, firstStep: Int, steps: Int, perturbations: Int, coefficients: [Float],
                                   learningRate lr: Float, optimizer: OptimizerConfig, range: Range<Int>,
                                   x: UnsafeMutableBufferPointer<Float>,
                                   momentum: UnsafeMutableBufferPointer<Float>?) {
        let g = UnsafeMutableBufferPointer<Float>.allocate(capacity: chunk)
        defer { g.deallocate() }
        let wd = optimizer.weightDecay
        let beta = optimizer.momentum
        let oneMinusBeta = 1 - beta
        var lo = range.lowerBound
        while lo < range.upperBound {
            let n = min(chunk, range.upperBound - lo)
            for k in 0..<steps {
                for i in 0..<n { g[i] = 0 }
                // g += c * z(k, p), generated in registers (same bits as fill-then-add).
                let gs = UnsafeMutableBufferPointer(rebasing: g[0..<n])
                for p in 0..<perturbations {
                    Gaussian.axpy(PerturbationKey(seed: seed, step: UInt32(firstStep + k), perturbation: UInt32(p)),
                                  alpha: coefficients[k * perturbations + p], start: lo, into: gs)
                }
                if wd != 0 {
                    for i in 0..<n { g[i] = g[i] + wd * x[lo + i] }
                }
                if let m = momentum {
                    for i in 0..<n {
                        m[lo + i] = beta * m[lo + i] + oneMinusBeta * g[i]
                        x[lo + i] = x[lo + i] - lr * m[lo + i]
                    }
                } else {
                    for i in 0..<n { x[lo + i] = x[lo + i] - lr * g[i] }
                }
            }
            lo += n
        }
    }
}
