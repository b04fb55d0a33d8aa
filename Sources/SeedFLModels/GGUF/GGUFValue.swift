/// One metadata value of a GGUF file.
///
/// The cases mirror GGUF's value types one to one, so nothing about the file is
/// lost (a `uint32` stays a `uint32`). Most callers want the convenience
/// accessors (`int`, `float`, `string`, `stringArray`, `intArray`), which
/// convert between compatible widths and return `nil` otherwise.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case uint64(UInt64)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case bool(Bool)
    case string(String)
    /// An array keeps its declared element type so that an empty array still
    /// says what it would hold. GGUF allows arrays of arrays.
    case array(elementType: GGUFValueType, elements: [GGUFValue])

    /// The value's GGUF type code.
    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .uint64: return .uint64
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        }
    }

    /// Any integer type as `Int`; `nil` for non-integers and for a `uint64`
    /// that does not fit (which no real count or id does).
    public var int: Int? {
        switch self {
        case let .uint8(v): return Int(v)
        case let .int8(v): return Int(v)
        case let .uint16(v): return Int(v)
        case let .int16(v): return Int(v)
        case let .uint32(v): return Int(v)
        case let .int32(v): return Int(v)
        case let .uint64(v): return Int(exactly: v)
        case let .int64(v): return Int(v)
        default: return nil
        }
    }

    /// Any numeric value as `Double` (floats exactly; integers converted).
    /// Converters sometimes write a float hyperparameter such as a RoPE base as
    /// an integer, so accepting both avoids rejecting a sound file.
    public var float: Double? {
        switch self {
        case let .float32(v): return Double(v)
        case let .float64(v): return v
        default: return int.map(Double.init)
        }
    }

    /// The value of a `bool`.
    public var bool: Bool? {
        if case let .bool(v) = self { return v }
        return nil
    }

    /// The value of a `string`.
    public var string: String? {
        if case let .string(v) = self { return v }
        return nil
    }

    /// The elements of an array, whatever their type.
    public var array: [GGUFValue]? {
        if case let .array(_, elements) = self { return elements }
        return nil
    }

    /// An array whose elements are all strings.
    public var stringArray: [String]? {
        guard case let .array(_, elements) = self else { return nil }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let s = element.string else { return nil }
            result.append(s)
        }
        return result
    }

    /// An array whose elements are all integers representable as `Int`.
    public var intArray: [Int]? {
        guard case let .array(_, elements) = self else { return nil }
        var result: [Int] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let i = element.int else { return nil }
            result.append(i)
        }
        return result
    }

    /// An array whose elements are all numeric, as `Double`.
    public var floatArray: [Double]? {
        guard case let .array(_, elements) = self else { return nil }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let f = element.float else { return nil }
            result.append(f)
        }
        return result
    }
}
