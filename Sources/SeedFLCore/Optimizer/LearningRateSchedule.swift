import Foundation

/// How the global learning rate changes over a run, as a function of the ledger position.
///
/// The rate of the round committed at sequence `s` (1-based) of a run of `R` rounds is
/// `base · w(s) · d(s)`:
/// * warm-up `w(s) = min(1, s / W)` over the first `W = warmupRounds` sequences (1 when W = 0);
/// * decay `d(s)` over the sequences after the warm-up, with progress
///   `t = clamp((s − W − 1) / max(1, R − W), 0, 1)` (0 on the first round after the warm-up, and
///   below 1 on the last, so a decay to `f = 0` never commits a zero rate):
///   `constant` 1; `linear` `1 − (1 − f)·t`; `cosine` `f + (1 − f)·(1 + cos(π t)) / 2`,
///   where `f = finalFraction` is the fraction of the base rate left at the end.
///
/// The value is computed in binary64 and rounded once to Float. The broker writes it into each
/// committed round (the ledger's `learning_rate`), and replay reads it from there, so a
/// trainer never recomputes the schedule to rebuild the model: the ledger alone determines the
/// model, whatever `cos` a platform has. Sequences, not round numbers, drive it, so aborted
/// rounds (which leave gaps in round numbers) do not shift the schedule.
public struct LearningRateSchedule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The shape of the decay after the warm-up.
    public enum Decay: String, Hashable, Sendable, Codable, CaseIterable {
        /// The base rate throughout (after any warm-up).
        case constant
        /// Straight down to `finalFraction · base` at the last round.
        case linear
        /// Half a cosine down to `finalFraction · base` at the last round.
        case cosine
    }

    /// The shape of the decay.
    public var decay: Decay
    /// Sequences over which the rate ramps up linearly from `base / W` to `base`.
    public var warmupRounds: Int
    /// Fraction of the base rate reached at the last round (linear and cosine).
    public var finalFraction: Double

    /// A constant rate with no warm-up (the default).
    public init(decay: Decay = .constant, warmupRounds: Int = 0, finalFraction: Double = 0) {
        self.decay = decay
        self.warmupRounds = warmupRounds
        self.finalFraction = finalFraction
    }

    /// The rate of the round committed at `sequence` in a run of `rounds` rounds.
    public func rate(base: Float, sequence: UInt64, rounds: Int) -> Float {
        let s = Double(max(1, sequence))
        let warmup = Double(max(0, warmupRounds))
        let ramp = warmup > 0 ? min(1, s / warmup) : 1
        let t = min(1, max(0, (s - warmup - 1) / max(1, Double(rounds) - warmup)))
        let f = finalFraction
        let factor: Double
        switch decay {
        case .constant: factor = 1
        case .linear: factor = 1 - (1 - f) * t
        case .cosine: factor = f + (1 - f) * (1 + cos(Double.pi * t)) / 2
        }
        return Float(Double(base) * ramp * factor)
    }

    /// `constant`, `cosine`, `linear`, with ` warmup W` and ` to F` when set.
    public var description: String {
        var text = decay.rawValue
        if warmupRounds > 0 { text += " warmup \(warmupRounds)" }
        if decay != .constant { text += " to \(finalFraction)" }
        return text
    }
}
