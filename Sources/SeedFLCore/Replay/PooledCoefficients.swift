/// The model of a run with a finite seed pool (FedKSeed), as coefficients of its directions.
///
/// With plain SGD the model after any number of rounds is the base minus a sum over
/// directions `z(seed, k, p)`, and with a pool only `pool * K * P` distinct directions ever
/// occur. So the state is one coefficient per direction seen, and the parameters are rebuilt
/// from them: however many rounds a trainer has to catch up on, it adds their scalars into
/// the table (no pass over the model) and rebuilds once, at most `pool * K * P` passes.
///
/// The rebuilt model is *defined* by this table, so every process gets the same bits whether
/// it applied the rounds one at a time or ten thousand at once:
///
///     C[s][k][p] += Double(lr) * Double(scalar[k][p] / P)     (Float quotient; rounds in sequence order)
///     x = base;  for s in seeds ascending, k, p:  x += Float(-C[s][k][p]) * z(shift(s), k, p)
///
/// where each update rounds the product and then the sum (``Gaussian/axpy(_:alpha:start:into:)``)
/// and zero coefficients are skipped. (Without a pool, rounds are applied one after the other by
/// ``UpdateRule``, a different order of float operations: the two modes are different runs.)
struct PooledCoefficients: Sendable {
    /// How many distinct seeds the pool has; a round with one more is refused.
    let poolSize: Int
    /// K and P of the run (from its first round): every seed's row has K * P coefficients.
    private(set) var layout: (steps: Int, perturbations: Int)?
    /// Public seed -> accumulated coefficients, row-major `[k][p]`.
    private(set) var rows: [UInt64: [Double]] = [:]
    /// The parameters the coefficients are added to.
    let base: [Float]

    /// Adds a seed-and-scalar round; throws (changing nothing) when it does not fit.
    mutating func add(_ round: CommittedRound) throws {
        let length = round.steps * round.perturbations
        if let layout, layout != (round.steps, round.perturbations) {
            throw ReplayState.ReplayError.malformed(sequence: round.sequence, reason: "K=\(round.steps) P=\(round.perturbations), "
                                                    + "earlier rounds had K=\(layout.steps) P=\(layout.perturbations)")
        }
        if rows[round.seed] == nil && rows.count >= poolSize {
            throw ReplayState.ReplayError.malformed(sequence: round.sequence,
                                                    reason: "seed \(round.seed) would be seed \(rows.count + 1) of a pool of \(poolSize)")
        }
        layout = (round.steps, round.perturbations)
        let c = UpdateRule.coefficients(scalars: round.scalars, perturbations: round.perturbations)
        let lr = Double(round.learningRate)
        var row = rows[round.seed] ?? [Double](repeating: 0, count: length)
        for i in row.indices { row[i] += lr * Double(c[i]) }
        rows[round.seed] = row
    }

    /// The parameters the table defines (see the type's documentation), built in slices on
    /// `threads` threads; every element follows the same operations whatever the slicing.
    func parameters(perturbationSeed: (UInt64) -> UInt64, threads: Int = Slices.defaultThreads) -> [Float] {
        var x = base
        guard let perturbations = layout?.perturbations else { return x }
        let directions = rows.keys.sorted().flatMap { seed in
            rows[seed]!.enumerated().compactMap { index, coefficient -> (PerturbationKey, Float)? in
                let alpha = Float(-coefficient)
                guard alpha != 0 else { return nil }
                let key = PerturbationKey(seed: perturbationSeed(seed), step: UInt32(index / perturbations),
                                          perturbation: UInt32(index % perturbations))
                return (key, alpha)
            }
        }
        let count = x.count
        x.withUnsafeMutableBufferPointer { buffer in
            let xs = UnsafeSendable(buffer)
            Slices.run(count: count, threads: threads) { range in
                let slice = UnsafeMutableBufferPointer(rebasing: xs.value[range])
                for (key, alpha) in directions { Gaussian.axpy(key, alpha: alpha, start: range.lowerBound, into: slice) }
            }
        }
        return x
    }
}
