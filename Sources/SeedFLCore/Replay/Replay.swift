/// The model as a function of the base parameters and the committed ledger.
///
/// Holds the trainable parameters, the optimiser state, and the sequence number of the
/// last applied round. Applying rounds strictly in sequence is the only way it changes,
/// which is what makes "same base + same ledger = same bits" hold in every process.
///
/// With a seed pool (`optimizer.seedPool`) the rounds' scalars are accumulated per pooled
/// direction (``PooledCoefficients``) and the parameters rebuilt from them: at once by
/// default, or, for a replay of many rounds, once at the end (``apply(_:rebuild:threads:)``
/// with `rebuild: false`, then ``rebuild(threads:)``).
public struct ReplayState: Sendable {
    /// The trainable parameters at ``appliedSequence``. Reading them while a pooled replay
    /// has not been rebuilt is a programming error (it traps).
    public var parameters: [Float] {
        precondition(!needsRebuild, "pooled rounds were applied without rebuilding the parameters")
        return values
    }
    private var values: [Float]
    /// The trainable dimension d (readable at any time).
    public var dimension: Int { values.count }
    /// The seed pool's coefficients (nil without a pool).
    private var pooled: PooledCoefficients?
    /// Pooled rounds were applied since the parameters were last rebuilt.
    public private(set) var needsRebuild = false
    public private(set) var momentum: [Float]
    public private(set) var appliedSequence: UInt64
    public let optimizer: OptimizerConfig
    public let seedShift: SeedShift

    public enum ReplayError: Error, Equatable, CustomStringConvertible {
        /// A round arrived out of order: `expected` is the next sequence number.
        case outOfOrder(expected: UInt64, got: UInt64)
        /// The round does not fit this model (wrong K*P layout or dense length).
        case malformed(sequence: UInt64, reason: String)

        public var description: String {
            switch self {
            case .outOfOrder(let e, let g): "round out of order: expected sequence \(e), got \(g)"
            case .malformed(let s, let r): "round \(s) cannot be applied: \(r)"
            }
        }
    }

    public init(base: [Float], optimizer: OptimizerConfig, seedShift: SeedShift = .none,
                momentum: [Float]? = nil, appliedSequence: UInt64 = 0) {
        self.values = base
        self.pooled = optimizer.seedPool.map { PooledCoefficients(poolSize: $0, base: base) }
        self.optimizer = optimizer
        self.seedShift = seedShift
        self.momentum = momentum ?? (optimizer.hasState ? [Float](repeating: 0, count: base.count) : [])
        self.appliedSequence = appliedSequence
    }

    /// Applies the next round. Throws (and changes nothing) if it is not `appliedSequence + 1`
    /// or does not fit. With a seed pool and `rebuild: false`, only the coefficients change
    /// (the parameters are rebuilt by ``rebuild(threads:)``).
    public mutating func apply(_ round: CommittedRound, rebuild: Bool = true, threads: Int = Slices.defaultThreads) throws {
        guard round.sequence == appliedSequence + 1 else {
            throw ReplayError.outOfOrder(expected: appliedSequence + 1, got: round.sequence)
        }
        if let dense = round.dense {
            guard dense.count == values.count, pooled == nil else {
                throw ReplayError.malformed(sequence: round.sequence, reason: pooled != nil ? "a dense round in a pooled run"
                                            : "dense length \(dense.count) != dimension \(values.count)")
            }
        } else {
            guard round.steps >= 1, round.perturbations >= 1,
                  round.scalars.count == round.steps * round.perturbations else {
                throw ReplayError.malformed(sequence: round.sequence, reason: "scalars are not K*P")
            }
            guard round.scalars.allSatisfy(\.isFinite), round.learningRate.isFinite else {
                throw ReplayError.malformed(sequence: round.sequence, reason: "non-finite scalar or rate")
            }
        }
        if pooled != nil {
            try pooled!.add(round)
            appliedSequence = round.sequence
            needsRebuild = true
            if rebuild { self.rebuild(threads: threads) }
            return
        }
        UpdateRule.apply(round, perturbationSeed: perturbationSeed(round.seed), optimizer: optimizer, to: &values,
                         momentum: &momentum, threads: threads)
        appliedSequence = round.sequence
    }

    /// Applies rounds in order (see ``apply(_:rebuild:threads:)``); a pooled state is rebuilt
    /// once, after the last.
    public mutating func apply(_ rounds: some Sequence<CommittedRound>, threads: Int = Slices.defaultThreads) throws {
        defer { rebuild(threads: threads) }
        for r in rounds { try apply(r, rebuild: false, threads: threads) }
    }

    /// Rebuilds the parameters from the seed pool's coefficients, if pooled rounds were
    /// applied since the last rebuild (at most `pool * K * P` passes over the parameters).
    public mutating func rebuild(threads: Int = Slices.defaultThreads) {
        guard needsRebuild, pooled != nil else { return }
        let shift = seedShift
        values = pooled!.rebuild(perturbationSeed: { shift.map($0) }, threads: threads)
        needsRebuild = false
    }

    /// The seed whose directions `z(seed, k, p)` a round with public seed `publicSeed`
    /// perturbs along: the private seed shift (DeComFL A.3) is applied here and nowhere else,
    /// for committed rounds and for a trainer's own contribution alike.
    public func perturbationSeed(_ publicSeed: UInt64) -> UInt64 { seedShift.map(publicSeed) }

    /// SHA-256 of the parameters (and the momentum state, when the optimiser has one).
    public var fingerprint: String { Fingerprint.of(parameters, state: momentum) }
}
