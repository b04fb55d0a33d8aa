import SeedFLCore

/// The invariants every `CommittedRound` in a ledger satisfies, checked before a round is
/// written (a violation is `.invalidRecord`) and again when a row is read back (a violation is
/// `.corruptRecord`): what the ledger hands to trainers is always something they can apply.
enum RoundValidation {
    /// The first problem found in `round`, or nil when it is valid.
    ///
    /// * sequence and round numbers are in `1...Int64.max` (stored as SQLite integers, ordered);
    /// * `steps` and `perturbations` are non-negative and their product does not overflow;
    /// * a seed round has exactly `steps * perturbations` scalars; a dense round (`dense != nil`)
    ///   has none, as `CommittedRound` documents;
    /// * the learning rate, every scalar and every dense value are finite: a NaN or infinity
    ///   committed here would poison every model that replays the ledger;
    /// * contributors are strictly increasing (no trainer counted twice).
    ///
    /// `meanLoss` is informational and may hold any bits (a diverged run reports an infinite loss).
    static func problem(in round: CommittedRound) -> String? {
        let limit = UInt64(Int64.max)
        guard round.sequence >= 1, round.sequence <= limit else {
            return "sequence \(round.sequence) is outside 1...\(limit)"
        }
        guard round.round >= 1, round.round <= limit else {
            return "round number \(round.round) is outside 1...\(limit)"
        }
        guard round.steps >= 0, round.perturbations >= 0 else {
            return "steps \(round.steps) and perturbations \(round.perturbations) must be non-negative"
        }
        let (product, overflow) = round.steps.multipliedReportingOverflow(by: round.perturbations)
        guard !overflow else { return "steps x perturbations overflows" }
        if let dense = round.dense {
            guard round.scalars.isEmpty else {
                return "a dense round carries no scalars, found \(round.scalars.count)"
            }
            if let index = dense.firstIndex(where: { !$0.isFinite }) {
                return "dense[\(index)] is not finite (\(dense[index]))"
            }
        } else {
            guard round.scalars.count == product else {
                return "\(round.scalars.count) scalars, expected steps x perturbations = \(product)"
            }
        }
        guard round.learningRate.isFinite else { return "learning rate \(round.learningRate) is not finite" }
        if let index = round.scalars.firstIndex(where: { !$0.isFinite }) {
            return "scalar \(index) is not finite (\(round.scalars[index]))"
        }
        for index in round.contributors.indices.dropFirst()
        where round.contributors[index] <= round.contributors[index - 1] {
            return "contributors are not strictly increasing at position \(index)"
        }
        return nil
    }
}
