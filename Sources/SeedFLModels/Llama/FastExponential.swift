/// `eˣ` within 2 ulp of the correctly rounded result on the clamped range, written with
/// arithmetic and bit operations only so that loops calling it auto-vectorise (libm's scalar
/// `expf` call cannot be vectorised and costs SwiGLU more than its arithmetic).
///
/// Method: `eˣ = 2ⁿ · eʳ` with `n = round(x · log₂e)` and `r = x − n·ln2` (Cody–Waite split of
/// ln 2 so `r` is exact to float precision), `|r| ≤ ln2/2`; `eʳ` by its degree-7 Taylor
/// polynomial (truncation error < 1e-8 relative, well under half an ulp); `2ⁿ` built directly
/// in the exponent bits. Rounding and the int conversion use the 1.5·2²³ trick instead of
/// `rounded()` and `Int32(_:)`, which Swift does not vectorise on Linux. (Swift's `SIMD16`
/// types were measured 10x slower than this scalar form here: they are split and spilled.)
///
/// Inputs are clamped to `[-87.3, 88]` so that `n` stays in `-126...127` and `2ⁿ` is a normal
/// float: below that range the result is about 1e-38 instead of a subnormal or 0, above it
/// about 1.7e38 instead of ∞. Both uses here (SiLU's `1 / (1 + e⁻ˣ)` and softmax weights
/// `eˢ⁻ᵐᵃˣ ≤ 1`) are insensitive to that. NaN inputs give NaN.
@inline(__always)
func fastExponential(_ input: Float) -> Float {
    var x = input < -87.3 ? -87.3 : input
    x = x > 88 ? 88 : x
    let magic: Float = 12_582_912 // 1.5 · 2²³: adding it rounds to an integer.
    let shifted = x * 1.442_695_04 + magic // log₂e
    let n = shifted - magic
    // ln 2 = 0.693145751953125 + 1.428606765330187e-06; the first part has few bits, so n·hi is exact.
    let r = (x - n * 0.693_145_751_953_125) - n * 1.428_606_765_330_187e-06
    var p: Float = 1 / 5040
    p = p * r + 1 / 720
    p = p * r + 1 / 120
    p = p * r + 1 / 24
    p = p * r + 1 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // `shifted` and `magic` share their exponent, so their bit patterns differ by exactly n.
    let integer = shifted.bitPattern &- magic.bitPattern
    return p * Float(bitPattern: (integer &+ 127) &<< 23)
}
