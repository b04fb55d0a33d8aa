/// Exact conversions of 16-bit floating-point bit patterns to `Float`.
///
/// Written on bit patterns rather than with `Float16` because `Float16` is
/// unavailable on some platforms Swift supports; every half and bfloat16 value
/// is exactly representable as a `Float`, so these conversions are exact.
enum GGMLHalf {
    /// IEEE 754 binary16 to binary32, including subnormals, infinities and NaN
    /// (NaN payloads are preserved in the high mantissa bits).
    @inline(__always)
    static func float(fromHalfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa * 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            // Re-bias the exponent from 15 to 127.
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// bfloat16 is the high half of a binary32.
    @inline(__always)
    static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
