/// A Byzantine defence with memory: it keeps, for every trainer, a record of how well what it
/// sent agreed with what its round combined, and leaves out of the combination the trainers
/// whose record says they persistently point the other way.
///
/// Why history: a sign-flipping trainer sends scalars of the same size as an honest one's, and
/// an honest zeroth-order scalar is mostly noise, so in any single round the flipped values
/// hide among the honest ones and no per-round rule (median, trimmed mean, Krum) can single
/// them out. Over many rounds, though, an honest trainer's scalars agree with the combined
/// result on average (both estimate the same directional derivatives) and a flipped one's
/// disagree, and that difference grows like the number of rounds while the noise grows like
/// its square root.
///
/// The record: after each round, every contribution's agreement is the cosine between its
/// values and the round's combined values, in [-1, 1]. A trainer is distrusted once it has at
/// least ``minimumRounds`` agreements and their sum is below `-2 * sqrt(count)`: two standard
/// deviations below zero even if every cosine had the largest possible spread, so a trainer
/// whose values are unrelated to the others' (mean 0) is rarely left out and an honest one
/// (mean above 0) drifts away from the line. A distrusted trainer is still scored each round,
/// so it is trusted again if its record recovers.
///
/// A distrusted trainer still counts as a contributor (it was heard: quorum, losses and the
/// ledger's contributor list include it, as multi-Krum's unchosen vectors do); only its values
/// are left out. If every contribution of a round is distrusted the screen steps aside for it.
///
/// Everything is deterministic: agreements are summed in `Double` in trainer-id order, so
/// every aggregator and `simulate` that see the same rounds keep the same records.
public struct AgreementScreen: Sendable, Equatable {
    /// How far below zero a trainer's score must be to distrust it.
    public static let threshold = 2.0
    /// Agreements a trainer needs before it can be distrusted.
    public let minimumRounds: Int
    private var records: [UInt32: Record] = [:]
    /// Contributions left out of the rule so far (counted as each round is recorded).
    public private(set) var leftOut = 0

    private struct Record: Sendable, Equatable {
        var sum = 0.0
        var squares = 0.0
        var count = 0

        mutating func add(_ agreement: Double) {
            sum += agreement
            squares += agreement * agreement
            count += 1
        }

        /// The self-normalised sum `sum / sqrt(squares)`: about standard normal for a trainer
        /// whose agreements are symmetric around zero, whatever their spread.
        var score: Double { squares > 0 ? sum / squares.squareRoot() : 0 }
    }

    /// A screen that can distrust a trainer after `minimumRounds` (>= 1) of its contributions.
    public init(minimumRounds: Int) {
        precondition(minimumRounds >= 1, "the screen needs at least one round of evidence")
        self.minimumRounds = minimumRounds
    }

    /// Whether `trainer`'s values are left out of the combination now.
    public func distrusts(_ trainer: UInt32) -> Bool {
        guard let r = records[trainer], r.count >= minimumRounds else { return false }
        return r.score < -Self.threshold
    }

    /// For each of `trainers`, whether its values go into this round's combination: the
    /// trusted ones, while they are a majority. When half or more of the round is distrusted,
    /// the screen's premise (an honest majority of trainers that agree with each other) does
    /// not hold for this round, and it keeps everyone, leaving the round to the rule.
    public func kept(_ trainers: [UInt32]) -> [Bool] {
        let kept = trainers.map { !distrusts($0) }
        return 2 * kept.filter { $0 }.count > trainers.count ? kept : trainers.map { _ in true }
    }

    /// The trainers distrusted now, in id order.
    public var distrusted: [UInt32] { records.keys.filter(distrusts).sorted() }

    /// The trainer's mean agreement and score so far (nil before its first round).
    public func record(of trainer: UInt32) -> (meanAgreement: Double, score: Double, rounds: Int)? {
        guard let r = records[trainer], r.count > 0 else { return nil }
        return (r.sum / Double(r.count), r.score, r.count)
    }

    /// Scores one round. Each contribution is compared with what `rule` makes of the round's
    /// other trusted contributions (leave-one-out: compared with a result it is part of, every
    /// contribution would look agreeable; and a distrusted one must not blur the yardstick).
    /// With no other trusted contribution, the other ones. Trust is as it was when the round
    /// was combined: call this after ``kept(_:)``. `contributions` must be ordered by trainer id.
    public mutating func record(_ contributions: [(trainer: UInt32, values: [Float])], rule: AggregationRule) {
        guard contributions.count >= 2 else { return }
        let kept = kept(contributions.map(\.trainer))
        leftOut += kept.filter { !$0 }.count
        var agreements: [Double] = []
        for i in contributions.indices {
            var others = contributions.indices.filter { $0 != i && kept[$0] }
            if others.isEmpty { others = contributions.indices.filter { $0 != i } }
            let yardstick = Self.yardstick(rule, roundSize: kept.filter { $0 }.count,
                                           others: others.map { contributions[$0].values })
            agreements.append(Self.cosine(contributions[i].values, yardstick))
        }
        // Recorded after every comparison, so this round's comparisons all use the same trust.
        for (c, agreement) in zip(contributions, agreements) { records[c.trainer, default: Record()].add(agreement) }
    }

    /// What one contribution is compared with: `rule` over the `others`, except that a
    /// trimmed mean leaves out as many values at each end as it did in the round of
    /// `roundSize` (a fraction of the smaller set would trim fewer, and let one wild value
    /// through to spoil every honest trainer's record).
    static func yardstick(_ rule: AggregationRule, roundSize: Int, others: [[Float]]) -> [Float] {
        guard case .trimmedMean(let fraction) = rule else { return rule.combine(others) }
        let cut = AggregationRule.trimmedCount(fraction: fraction, of: roundSize)
        return others[0].indices.map { j in AggregationRule.trimmedMean(others.map { $0[j] }, cut: cut) }
    }

    /// The cosine of the angle between `a` and `b`, 0 when either has no direction.
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let na = norm(a), nb = norm(b)
        guard na > 0, nb > 0, a.count == b.count else { return 0 }
        var dot = 0.0
        for (x, y) in zip(a, b) { dot += Double(x) * Double(y) }
        // Clamped: rounding may put a cosine a hair outside [-1, 1].
        return min(1, max(-1, dot / (na * nb)))
    }

    private static func norm(_ values: [Float]) -> Double {
        var s = 0.0
        for v in values { s += Double(v) * Double(v) }
        // A non-finite value (a scaled or garbage contribution) has no direction to compare.
        return s.isFinite ? s.squareRoot() : 0
    }
}
