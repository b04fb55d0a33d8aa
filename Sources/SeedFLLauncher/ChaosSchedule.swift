import SeedFLCore
import SeedFLNode

/// The faults of a chaos run, drawn from one seed (SplitMix64), so the same seed always
/// asks for the same sequence of actions. Wall-clock outcomes still vary (a SIGKILL lands in
/// whatever the process was doing), which is the point: the invariants must hold for all of them.
///
/// Two kinds of faults:
/// * trainer faults, one every `killInterval` x U[0.5, 1.5] seconds from the first commit
///   on (so they interrupt rounds, not the start-up): SIGKILL (restart after
///   U[0, maxDown] s) or, with `pauseProbability`, SIGSTOP (SIGCONT after U[0, maxDown] s);
/// * broker and aggregator SIGKILLs at committed-round milestones drawn uniformly in
///   [10 %, 90 %] of the target, so they happen in every run whatever its speed, while
///   rounds are being committed.
public struct ChaosSchedule: Sendable {
    /// A process the schedule kills at a milestone.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// The broker (restarted on the same ledger).
        case broker
        /// An aggregator, by its `deployment.aggregators` name.
        case aggregator(String)

        /// The supervisor's child name.
        public var childName: String {
            switch self {
            case .broker: "broker"
            case .aggregator(let name): "aggregator-\(name)"
            }
        }

        /// The child name, as in the harness's log lines.
        public var description: String { childName }
    }

    /// A SIGKILL that fires once the broker reports `afterRounds` committed rounds.
    public struct Milestone: Sendable, Hashable {
        /// Committed rounds (as the broker's status reports them) that trigger the kill.
        public var afterRounds: Int
        /// The process killed.
        public var target: Target
        /// Seconds before the restart.
        public var downSeconds: Double
    }

    /// The next trainer fault.
    public struct TrainerFault: Sendable, Hashable {
        /// Seconds after the previous trainer fault (or the start).
        public var gapSeconds: Double
        /// SIGSTOP/SIGCONT instead of SIGKILL/restart.
        public var isPause: Bool
        /// Picks the trainer among those up at that moment (`pick % count`).
        public var pick: UInt64
        /// Seconds before the restart or SIGCONT.
        public var downSeconds: Double
    }

    /// Broker and aggregator kills, by increasing milestone.
    public let milestones: [Milestone]
    private var trainerDraws: SplitMix64
    private let killInterval: Double
    private let maxDown: Double
    private let pauseProbability: Double

    /// The schedule for a run of `rounds` rounds over `aggregators` (names, root first or not).
    public init(options: ChaosOptions, rounds: Int, aggregators: [String]) {
        killInterval = options.killInterval
        maxDown = options.maxDown
        pauseProbability = options.pauseProbability
        // Separate streams: changing the number of broker kills does not move the trainer faults.
        trainerDraws = SplitMix64(options.seed, 0x7EA1)
        var draws = SplitMix64(options.seed, 0xB40C)
        var planned: [Milestone] = []
        let low = max(1, rounds / 10), high = max(low, rounds * 9 / 10)
        func milestone(_ target: Target) -> Milestone {
            let at = low + Int(draws.next() % UInt64(high - low + 1))
            return Milestone(afterRounds: at, target: target, downSeconds: draws.nextUnitDouble() * options.maxDown)
        }
        for _ in 0..<options.brokerKills { planned.append(milestone(.broker)) }
        if !aggregators.isEmpty {
            for _ in 0..<options.aggregatorKills {
                let name = aggregators[Int(draws.next() % UInt64(aggregators.count))]
                planned.append(milestone(.aggregator(name)))
            }
        }
        // Stable order: by milestone, broker first on ties (it restarts the others' round).
        milestones = planned.enumerated().sorted { a, b in
            (a.element.afterRounds, a.offset) < (b.element.afterRounds, b.offset)
        }.map(\.element)
    }

    /// Draws the next trainer fault.
    public mutating func nextTrainerFault() -> TrainerFault {
        let gap = killInterval * (0.5 + trainerDraws.nextUnitDouble())
        let isPause = trainerDraws.nextUnitDouble() < pauseProbability
        let pick = trainerDraws.next()
        let down = trainerDraws.nextUnitDouble() * maxDown
        return TrainerFault(gapSeconds: gap, isPause: isPause, pick: pick, downSeconds: down)
    }
}
