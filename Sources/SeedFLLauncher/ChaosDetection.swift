import Foundation
import SeedFLNode

/// How soon the broker knew of each trainer SIGKILLed by `seedfl chaos`: the time from the
/// kill to the broker's record of that trainer's death (`liveness.jsonl`).
///
/// A kill is matched to the first death record of the same trainer at or after it and before
/// that trainer's next kill. A trainer restarted and heard again (HELLO) before its liveness
/// window ended has no such record: the broker never thought it dead, so the kill counts as
/// `undetected` (nothing was lost: it answered in time), not as a slow detection.
public struct ChaosDetection: Sendable, Hashable {
    /// One SIGKILL of a trainer.
    public struct Kill: Sendable, Hashable {
        public var trainer: Int
        /// When the signal was sent, milliseconds since 1970.
        public var unixMilliseconds: Int64
        public init(trainer: Int, unixMilliseconds: Int64) {
            self.trainer = trainer
            self.unixMilliseconds = unixMilliseconds
        }
    }

    /// Seconds from each detected kill to the broker's record, in kill order.
    public var detectionSeconds: [Double]
    /// Kills the broker never recorded as a death.
    public var undetected: Int

    /// The longest detection (nil when no kill was detected).
    public var maxSeconds: Double? { detectionSeconds.max() }

    /// Matches `kills` to `deaths` as described above.
    public init(kills: [Kill], deaths: [LivenessRecord]) {
        var seconds: [Double] = []
        var undetected = 0
        let byTrainer = Dictionary(grouping: kills, by: \.trainer).mapValues { $0.sorted { $0.unixMilliseconds < $1.unixMilliseconds } }
        for kill in kills.sorted(by: { $0.unixMilliseconds < $1.unixMilliseconds }) {
            let next = byTrainer[kill.trainer]?.first { $0.unixMilliseconds > kill.unixMilliseconds }?.unixMilliseconds
            let death = deaths.filter {
                $0.trainer == kill.trainer && $0.unixMilliseconds >= kill.unixMilliseconds
                    && $0.unixMilliseconds < (next ?? .max)
            }.min { $0.unixMilliseconds < $1.unixMilliseconds }
            if let death {
                seconds.append(Double(death.unixMilliseconds - kill.unixMilliseconds) / 1000)
            } else {
                undetected += 1
            }
        }
        detectionSeconds = seconds
        self.undetected = undetected
    }
}
