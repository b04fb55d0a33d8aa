import SeedFLCore

/// Corrupts one trainer's honest result as its ``ByzantineKind`` says, deterministically, so
/// `seedfl simulate` and a distributed run with the same plan commit the same rounds.
public struct ByzantineTrainer: Sendable {
    public let kind: ByzantineKind
    public let trainer: UInt32
    public let runSeed: UInt64
    /// For ``ByzantineKind/replay``: what it sent the first time.
    private var first: LocalResult?

    public init(kind: ByzantineKind, trainer: UInt32, runSeed: UInt64) {
        self.kind = kind
        self.trainer = trainer
        self.runSeed = runSeed
    }

    /// What this trainer sends instead of `honest` in `round` (scalars, or the dense delta).
    public mutating func corrupt(_ honest: LocalResult, round: UInt64) -> LocalResult {
        var result = honest
        switch kind {
        case .signFlip:
            result.scalars = honest.scalars.map { -$0 }
            result.delta = honest.delta?.map { -$0 }
        case .scale:
            result.scalars = honest.scalars.map { $0 * 1e6 }
            result.delta = honest.delta?.map { $0 * 1e6 }
        case .random:
            var rng = SplitMix64(seed: runSeed ^ (round &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(trainer) << 32 | 0xB1A5))
            let draw = { Float(Double(rng.next() >> 11) / Double(1 << 53) * 200 - 100) }
            result.scalars = honest.scalars.map { _ in draw() }
            result.delta = honest.delta?.map { _ in draw() }
        case .replay:
            if let first {
                result.scalars = first.scalars
                result.delta = first.delta
            } else {
                first = honest
            }
        }
        return result
    }
}
