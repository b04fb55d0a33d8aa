/// The type codes of GGUF metadata values, as written in the file (uint32).
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
    case uint8 = 0
    case int8 = 1
    case uint16 = 2
    case int16 = 3
    case uint32 = 4
    case int32 = 5
    case float32 = 6
    case bool = 7
    case string = 8
    case array = 9
    case uint64 = 10
    case int64 = 11
    case float64 = 12

    /// Encoded size of one value in bytes, or `nil` for the variable-length
    /// types (string, array). Used to bound array counts before allocating.
    var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }

    /// Smallest number of bytes one value can occupy; a string or array is at
    /// least its 8-byte length (an array also has a 4-byte element type).
    var minimumSize: Int {
        switch self {
        case .string: return 8
        case .array: return 12
        default: return fixedSize ?? 1
        }
    }
}
