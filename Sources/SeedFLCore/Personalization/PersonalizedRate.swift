/// FedMeZO's personalised learning rates (FedMeZO §3.3 Proposition 3.7 and §5.4).
///
/// Each trainer scales the default rate by a heterogeneity index `h_i` in `[0, 1]`:
///
///     eta_i = eta_0 * (1 + (maxFactor - 1) * h_i)
///
/// so a homogeneous client (`h = 0`) keeps the default and the most heterogeneous one
/// (`h = 1`) uses `maxFactor * eta_0` (default 2: the paper anchors the minimum at the
/// default rate and the maximum at the largest stable rate).
///
/// The paper normalises its signals across clients with a central view. SeedFL computes
/// `h_i` on the trainer from what the trainer itself knows, which keeps it decentralised,
/// dimension-free, and valid for any number of clients: each signal is a relative
/// difference `|a - b| / (|a| + |b|)`, which already lies in `[0, 1]`.
public enum RateStrategy: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Every client uses the default rate ("frozen").
    case frozen
    /// `h_i` uniform in [0, 1], drawn per (round, client) from the run seed.
    case random
    /// Relative difference between the client's last training loss and the global
    /// (committed mean) loss of that round.
    case lossDifference
    /// The same, averaged over the client's last five participations.
    case lossDifferenceFiveRound
    /// Relative distance between the client's last update and the committed global update.
    /// For DeComFL both updates live in the span of the same `z` vectors, so the distance
    /// of the scalar vectors measures it without any d-sized data.
    case updateDifference

    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "unknown learning-rate strategy '\(text)' (expected frozen, random, loss-diff, loss-diff-5, update-diff)"
        }
    }

    public init(parsing text: String) throws {
        switch text {
        case "frozen", "none": self = .frozen
        case "random": self = .random
        case "loss-diff": self = .lossDifference
        case "loss-diff-5": self = .lossDifferenceFiveRound
        case "update-diff": self = .updateDifference
        default: throw ParseError(text: text)
        }
    }

    public var description: String {
        switch self {
        case .frozen: "frozen"
        case .random: "random"
        case .lossDifference: "loss-diff"
        case .lossDifferenceFiveRound: "loss-diff-5"
        case .updateDifference: "update-diff"
        }
    }
}

/// The per-trainer memory the strategies need: a few scalars, never a d-sized vector
/// (for the dense baselines, the update distance is computed when the commit arrives and
/// only the result is kept).
public struct PersonalizationState: Sendable, Equatable {
    /// Heterogeneity signals of the last participations, newest last (at most 5).
    public private(set) var lossSignals: [Double] = []
    /// Update-difference signal of the last participation.
    public private(set) var updateSignal: Double?
    /// The client's own loss and scalars of the round it last contributed to, waiting for
    /// that round's commit.
    private var pending: Pending?

    private struct Pending: Sendable, Equatable {
        var round: UInt64
        var loss: Double
        var scalars: [Float]
        var delta: [Float]?
    }

    public init() {}

    /// Records what this client sent in `round`.
    public mutating func contributed(round: UInt64, loss: Float, scalars: [Float], delta: [Float]?) {
        pending = Pending(round: round, loss: Double(loss), scalars: scalars, delta: delta)
    }

    /// Updates the signals when the commit of a round this client contributed to arrives.
    public mutating func committed(_ commit: CommittedRound) {
        guard let mine = pending, mine.round == commit.round else { return }
        pending = nil
        lossSignals.append(Self.relativeDifference(mine.loss, Double(commit.meanLoss)))
        if lossSignals.count > 5 { lossSignals.removeFirst(lossSignals.count - 5) }
        if let global = commit.dense, let own = mine.delta, own.count == global.count {
            updateSignal = Self.relativeDistance(own, global)
        } else if !commit.scalars.isEmpty, mine.scalars.count == commit.scalars.count {
            updateSignal = Self.relativeDistance(mine.scalars, commit.scalars)
        }
    }

    /// The heterogeneity index `h` in [0, 1] under `strategy` (0 when there is no history yet).
    public func index(_ strategy: RateStrategy, runSeed: UInt64, round: UInt64, client: UInt32) -> Double {
        switch strategy {
        case .frozen: return 0
        case .random:
            var rng = SplitMix64(runSeed, round, UInt64(client), 0x7261_7465)
            return rng.nextUnitDouble()
        case .lossDifference: return lossSignals.last ?? 0
        case .lossDifferenceFiveRound:
            return lossSignals.isEmpty ? 0 : lossSignals.reduce(0, +) / Double(lossSignals.count)
        case .updateDifference: return updateSignal ?? 0
        }
    }

    /// `|a - b| / (|a| + |b|)`, in [0, 1]; 0 when both are 0.
    static func relativeDifference(_ a: Double, _ b: Double) -> Double {
        let denominator = abs(a) + abs(b)
        return denominator > 0 ? min(1, abs(a - b) / denominator) : 0
    }

    /// `||u - v|| / (||u|| + ||v||)`, in [0, 1]; 0 when both are 0.
    static func relativeDistance(_ u: [Float], _ v: [Float]) -> Double {
        var diff = 0.0, nu = 0.0, nv = 0.0
        for i in u.indices {
            let a = Double(u[i]), b = Double(v[i])
            diff += (a - b) * (a - b); nu += a * a; nv += b * b
        }
        let denominator = nu.squareRoot() + nv.squareRoot()
        return denominator > 0 ? min(1, diff.squareRoot() / denominator) : 0
    }
}

/// The rate formula, kept apart so the simulator and the trainer use the same one.
public struct PersonalizedRate: Hashable, Sendable, Codable {
    public var strategy: RateStrategy
    /// The rate of the most heterogeneous client, as a multiple of the default rate.
    public var maxFactor: Double

    public init(strategy: RateStrategy = .frozen, maxFactor: Double = 2) {
        self.strategy = strategy
        self.maxFactor = maxFactor
    }

    /// `eta_i` for heterogeneity index `h`.
    public func rate(base: Float, index h: Double) -> Float {
        Float(Double(base) * (1 + (maxFactor - 1) * min(1, max(0, h))))
    }
}
