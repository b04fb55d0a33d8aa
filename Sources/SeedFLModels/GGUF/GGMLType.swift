/// The ggml tensor types this reader can dequantise, with their block layouts.
///
/// ggml stores quantised tensors in blocks of `blockSize` consecutive elements
/// along the row (`ne[0]`); a block occupies `bytesPerBlock` bytes. Layouts
/// (all little-endian, `f16` = IEEE half):
/// - `f32`: 1 element, 4 bytes. `f16`/`bf16`: 1 element, 2 bytes.
/// - `q4_0`: 32 elements in 18 bytes: f16 `d`, 16 bytes of nibbles; `x = d * (q - 8)`.
/// - `q4_1`: 32 elements in 20 bytes: f16 `d`, f16 `m`, 16 bytes of nibbles; `x = d * q + m`.
/// - `q8_0`: 32 elements in 34 bytes: f16 `d`, 32 `int8`; `x = d * q`.
/// In the 4-bit formats byte `j` holds element `j` in its low nibble and
/// element `j + 16` in its high nibble.
public enum GGMLType: UInt32, Sendable, CaseIterable {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q8_0 = 8
    case bf16 = 30

    /// Elements per block (1 for the plain float types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q8_0: return 32
        }
    }

    /// Bytes per block.
    public var bytesPerBlock: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 18
        case .q4_1: return 20
        case .q8_0: return 34
        }
    }

    /// ggml's name for the type, as llama.cpp prints it.
    public var name: String { Self.name(forRawValue: rawValue) }

    /// ggml's name for any type code, including the ones this reader does not
    /// decode, so that an "unsupported type" error says `Q6_K` rather than `14`.
    public static func name(forRawValue raw: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1",
            8: "Q8_0", 9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K",
            14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS",
            19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS",
            24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M",
            30: "BF16", 34: "TQ1_0", 35: "TQ2_0",
        ]
        return names[raw] ?? "unknown"
    }
}
