/// The model of a run with a finite seed pool (FedKSeed), as coefficients of its directions.
///
/// With plain SGD the model after any number of rounds is the base minus a sum over
/// directions `z(seed, k, p)`, and with a pool only `pool * K * P` distinct directions ever
/// occur. So the state is one coefficient per direction seen, and the parameters are a
/// function of that table alone (docs/determinism.md, section 11.3):
///
///     C[s][k][p] += Double(lr) * Double(scalar[k][p] / P)       (Float quotient; rounds in sequence order)
///     a = Float(-C[s][k][p])
///     q(a, z) = round-half-even(Double(a) * Double(z) * 2^32), clamped to [-2^62, 2^62], as Int64
///     S[i] = sum over every direction of q(a, z(shift(s), k, p)[i])   (Int64, wrapping)
///     x[i] = base[i] + Float(Double(S[i]) * 2^-32)
///
/// The sum is of integers, so its order does not matter: a rebuild only visits the directions
/// whose coefficient changed since the last one, subtracting their old term and adding the new
/// (2 generations of `z` each), and gives the same bits as building from nothing. A trainer any
/// number of rounds behind adds the rounds' scalars into the table (no pass over the model) and
/// rebuilds once, touching at most `pool * K * P` directions; a live trainer rebuilds only the
/// `K * P` directions of the rounds since it last did. (Without a pool, rounds are applied one
/// after the other by ``UpdateRule``: the two modes are different runs.)
struct PooledCoefficients: Sendable {
    /// How many distinct seeds the pool has; a round with one more is refused.
    let poolSize: Int
    /// K and P of the run (from its first round): every seed's row has K * P coefficients.
    private(set) var layout: (steps: Int, perturbations: Int)?
    /// Public seed -> accumulated coefficients, row-major `[k][p]`.
    private(set) var rows: [UInt64: [Double]] = [:]
    /// The parameters the coefficients are added to.
    let base: [Float]

    init(poolSize: Int, base: [Float]) {
        self.poolSize = poolSize
        self.base = base
    }

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

    /// The fixed-point sum `S` of every direction's term, and the coefficient each term was
    /// computed with (what a rebuild compares against).
    private var sum: [Int64] = []
    private var summed: [UInt64: [Float]] = [:]

    /// The scale of the fixed-point terms: 2^32.
    static let scale = 4_294_967_296.0

    /// One direction's term at one element (see the type's documentation).
    @inline(__always)
    static func term(_ a: Float, _ z: Float) -> Int64 {
        let v = Double(a) * Double(z) * scale
        // Below 2^51 in magnitude, adding and subtracting 1.5 * 2^52 rounds to the nearest
        // integer, ties to even, exactly as `rounded(.toNearestOrEven)` does, in two additions.
        if v.magnitude < 2_251_799_813_685_248 {
            return Int64((v + 6_755_399_441_055_744) - 6_755_399_441_055_744)
        }
        let r = v.rounded(.toNearestOrEven)
        let bound = 4_611_686_018_427_387_904.0            // 2^62
        return r >= bound ? 1 << 62 : r <= -bound ? -(1 << 62) : Int64(r)
    }

    /// Brings the fixed-point sum up to date with the table (visiting only the directions
    /// whose coefficient changed) and returns the parameters it defines. Every element
    /// follows the same integer operations whatever the slicing over `threads`.
    mutating func rebuild(perturbationSeed: (UInt64) -> UInt64, threads: Int = Slices.defaultThreads) -> [Float] {
        if sum.isEmpty { sum = [Int64](repeating: 0, count: base.count) }
        guard let perturbations = layout?.perturbations else { return base }
        var changes: [(key: PerturbationKey, old: Float, new: Float)] = []
        for (seed, row) in rows {
            let before = summed[seed]
            let now = row.map { Float(-$0) }
            for index in now.indices where now[index] != (before?[index] ?? 0) {
                changes.append((PerturbationKey(seed: perturbationSeed(seed), step: UInt32(index / perturbations),
                                                perturbation: UInt32(index % perturbations)),
                                before?[index] ?? 0, now[index]))
            }
            summed[seed] = now
        }
        let count = base.count
        var x = base
        sum.withUnsafeMutableBufferPointer { sums in
            x.withUnsafeMutableBufferPointer { xs in
                let shared = UnsafeSendable((sums, xs))
                Slices.run(count: count, threads: threads) { range in
                    let (sums, xs) = shared.value
                    let z = UnsafeMutableBufferPointer<Float>.allocate(capacity: UpdateRule.chunk)
                    defer { z.deallocate() }
                    var lo = range.lowerBound
                    while lo < range.upperBound {
                        let n = min(UpdateRule.chunk, range.upperBound - lo)
                        let zs = UnsafeMutableBufferPointer(rebasing: z[0..<n])
                        for change in changes {
                            Gaussian.fill(change.key, start: lo, into: zs)
                            if change.old == 0 {           // a new direction: nothing to take back
                                for t in 0..<n { sums[lo + t] = sums[lo + t] &+ Self.term(change.new, zs[t]) }
                            } else {
                                for t in 0..<n {
                                    sums[lo + t] = sums[lo + t] &+ Self.term(change.new, zs[t]) &- Self.term(change.old, zs[t])
                                }
                            }
                        }
                        for t in 0..<n { xs[lo + t] = xs[lo + t] + Float(Double(sums[lo + t]) / Self.scale) }
                        lo += n
                    }
                }
            }
        }
        return x
    }
}
