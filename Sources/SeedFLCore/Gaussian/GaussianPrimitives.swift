import CSeedFLKernels

/// The building blocks of the ``Gaussian`` stream, exposed so that tests (and anyone
/// porting the stream to another language) can check each stage against an independent
/// reference: the Philox block function, the word-to-uniform map and SeedFL's own
/// float32 log and sin/cos. `docs/determinism.md` specifies each of them.
public enum GaussianPrimitives {
    /// Philox4x32-10 with Random123's conventions: `counter` 4 words, `key` 2 words.
    public static func philox4x32_10(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        let c = [counter.0, counter.1, counter.2, counter.3]
        let k = [key.0, key.1]
        var out = [UInt32](repeating: 0, count: 4)
        seedfl_philox4x32_10(c, k, &out)
        return (out[0], out[1], out[2], out[3])
    }

    /// The uniform a Philox word stands for: `((word >> 9) + 0.5) * 2^-23`, exact in
    /// float32 and strictly inside (0, 1).
    public static func uniform(_ word: UInt32) -> Float { seedfl_uniform(word) }

    /// SeedFL's natural logarithm (own polynomial, no libm) of a positive normal float.
    public static func log(_ x: Float) -> Float { seedfl_log(x) }

    /// `(sin, cos)` of `2 * pi * uniform(word)`, computed without argument-reduction error.
    public static func sinCosTurn(_ word: UInt32) -> (sin: Float, cos: Float) {
        var s: Float = 0
        var c: Float = 0
        seedfl_sincos_turn(word, &s, &c)
        return (s, c)
    }

    /// `z(key)[index]` computed alone by the reference path.
    public static func element(_ key: PerturbationKey, index: UInt64) -> Float {
        seedfl_gaussian_at(key.seed, key.step, key.perturbation, index)
    }
}
