/// The model as a function of the base parameters and the committed ledger.
///
/// Holds the trainable parameters, the optimiser state, and the sequence number of the
/// last applied round. Applying rounds strictly in sequence is the only way it changes,
/// which is what makes "same base + same ledger = same bits" hold in every process.
public struct ReplayState: Sendable {
    public private(set) var parameters: [Float]
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
        self.parameters = base
        self.optimizer = optimizer
        self.seedShift = seedShift
        self.momentum = momentum ?? (optimizer.hasState ? [Float](repeating: 0, count: base.count) : [])
        self.appliedSequence = appliedSequence
    }

    /// Applies the next round. Throws (and changes nothing) if it is not `appliedSequence + 1`
    /// or does not fit.
    public mutating func apply(_ round: CommittedRound, threads: Int = Slices.defaultThreads) throws {
        guard round.sequence == appliedSequence + 1 else {
            throw ReplayError.outOfOrder(expected: appliedSequence + 1, got: round.sequence)
        }
        if let dense = round.dense {
            guard dense.count == parameters.count else {
                throw ReplayError.malformed(sequence: round.sequence,
                                            reason: "dense length \(dense.count) != dimension \(parameters.count)")
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
        UpdateRule.apply(round, perturbationSeed: perturbationSeed(round.seed), optimizer: optimizer, to: &parameters,
                         momentum: &momentum, threads: threads)
        appliedSequence = round.sequence
    }

    /// Applies rounds in order (see ``apply(_:threads:)``).
    public mutating func apply(_ rounds: some Sequence<CommittedRound>, threads: Int = Slices.defaultThreads) throws {
        for r in rounds { try apply(r, threads: threads) }
    }

    /// The seed whose directions `z(seed, k, p)` a round with public seed `publicSeed`
    /// perturbs along: the private seed shift (DeComFL A.3) is applied here and nowhere else,
    /// for committed rounds and for a trainer's own contribution alike.
    public func perturbationSeed(_ publicSeed: UInt64) -> UInt64 { seedShift.map(publicSeed) }

    /// SHA-256 of the parameters (and the momentum state, when the optimiser has one).
    public var fingerprint: String { Fingerprint.of(parameters, state: momentum) }
}
