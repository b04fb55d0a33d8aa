import Foundation

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, well-mixed 64-bit generator.
///
/// SeedFL uses it for every *control* decision that must be reproducible from a seed:
/// which trainers are sampled, which examples form a batch, how data are partitioned.
/// It is not used for perturbation vectors (those come from the counter-based
/// ``Gaussian`` stream, which can be sliced); SplitMix64 is sequential.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    /// Creates a generator whose whole output is a function of `seed`.
    public init(seed: UInt64) { state = seed }

    /// Derives a generator from several words (run seed, round, trainer, ...): each word
    /// is mixed in turn so that nearby tuples give unrelated streams.
    public init(_ words: UInt64...) {
        var s: UInt64 = 0x5EED_F1_5EED_F1
        for w in words { s = SplitMix64.mix(s ^ SplitMix64.mix(w &+ 0x9E37_79B9_7F4A_7C15)) }
        state = s
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection on 64-bit words with full avalanche.
    @inlinable public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal double (Box-Muller on two uniforms); used for control decisions
    /// such as Dirichlet sampling, never for perturbations.
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUnitDouble()          // (0, 1]
        let u2 = nextUnitDouble()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }
}

