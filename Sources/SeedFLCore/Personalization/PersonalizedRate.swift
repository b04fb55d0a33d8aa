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
///
/// It is a function of the ledger alone: a signal changes only when a committed round lists
/// this client among its contributors, so a trainer that sent a contribution the round did
/// not count (late, aborted) learns nothing from it, and a replay of the ledger rebuilds
/// the same state. It is `Codable` so a trainer can keep it beside its checkpoint: applying a
/// commit twice is harmless (the pending contribution is consumed once), so the newest saved
/// state stays valid whichever older commits are replayed after it.
public struct PersonalizationState: Sendable, Equatable, Codable {
    /// Heterogeneity signals of the last participations, newest last (at most 5).
    public private(set) var lossSignals: [Double] = []
    /// Update-difference signal of the last participation.
    public private(set) var updateSignal: Double?
    /// The client's own loss and scalars of the round it last contributed to, waiting for
    /// that round's commit.
    private var pending: Pending?

    private struct Pending: Sendable, Equatable, Codable {
        var round: UInt64
        var loss: Double
        var scalars: [Float]
        var delta: [Float]?
    }

    enum CodingKeys: String, CodingKey {
        case lossSignals = "loss_signals", updateSignal = "update_signal", pending
    }

    /// Most participations ``lossSignals`` remembers.
    public static let signalHistory = 5

    public init() {}

    /// Why a decoded state was refused: every signal must be a finite number in [0, 1],
    /// at most ``signalHistory`` of them, and a pending contribution at most `maxScalars`
    /// scalars (and no d-sized delta: a saved state never holds one).
    public func validate(maxScalars: Int) throws(InvalidState) {
        guard lossSignals.count <= Self.signalHistory else {
            throw InvalidState(reason: "\(lossSignals.count) loss signals (at most \(Self.signalHistory))")
        }
        for signal in lossSignals + (updateSignal.map { [$0] } ?? []) where !(0...1).contains(signal) {
            throw InvalidState(reason: "signal \(signal) outside [0, 1]")
        }
        if let pending {
            guard pending.loss.isFinite, pending.scalars.count <= maxScalars, pending.scalars.allSatisfy(\.isFinite),
                  pending.delta == nil else {
                throw InvalidState(reason: "malformed pending contribution of round \(pending.round)")
            }
        }
    }

    /// Why ``validate(maxScalars:)`` refused a state.
    public struct InvalidState: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { "personalisation state refused: \(reason)" }
    }

    /// The state as it should be saved: a dense baseline's pending update is d-sized, so it
    /// is left out (after a restart in the middle of such a round, `update-diff` skips that
    /// one signal; the loss signals are kept exactly).
    public var savable: PersonalizationState {
        var copy = self
        copy.pending?.delta = nil
        return copy
    }

    /// Whether a contribution of this client waits for its round's commit.
    public var awaitsCommit: Bool { pending != nil }

    /// Records what this client sent in `round`.
    public mutating func contributed(round: UInt64, loss: Float, scalars: [Float], delta: [Float]?) {
        pending = Pending(round: round, loss: Double(loss), scalars: scalars, delta: delta)
    }

    /// Updates the signals when the commit of a round `client` contributed to arrives and
    /// counted its contribution. Returns whether the state changed.
    @discardableResult
    public mutating func committed(_ commit: CommittedRound, client: UInt32) -> Bool {
        guard let mine = pending, mine.round == commit.round else { return false }
        pending = nil
        guard commit.contributors.contains(client) else { return true }
        lossSignals.append(Self.relativeDifference(mine.loss, Double(commit.meanLoss)))
        if lossSignals.count > Self.signalHistory { lossSignals.removeFirst(lossSignals.count - Self.signalHistory) }
        if let global = commit.dense, let own = mine.delta, own.count == global.count {
            updateSignal = Self.relativeDistance(own, global)
        } else if !commit.scalars.isEmpty, mine.scalars.count == commit.scalars.count {
            updateSignal = Self.relativeDistance(mine.scalars, commit.scalars)
        }
        return true
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
