/// Why a GGUF file could not be read, with where it went wrong.
///
/// Every case names the offending item (byte offset, metadata key or tensor
/// name) so that a corrupt or truncated file can be diagnosed from the message
/// alone. The reader never traps on file content: every length, count and
/// offset is checked against the file size before it is used.
public enum GGUFError: Error, Equatable, Sendable {
    /// The file could not be opened or mapped; `errno` is from `operation`.
    case cannotOpen(path: String, operation: String, errno: Int32)
    /// The first four bytes are not `GGUF`.
    case badMagic(found: UInt32)
    /// A version other than 2 or 3 (1 used 32-bit counts; a big-endian file
    /// shows up here as a byte-swapped version number).
    case unsupportedVersion(UInt32)
    /// Reading `what` at `offset` needs `needed` bytes but the file ends first.
    case truncated(what: String, offset: Int, needed: Int, fileSize: Int)
    /// A count or length read at `offset` cannot possibly fit in the file.
    case implausibleCount(what: String, value: UInt64, offset: Int)
    /// A metadata value (or array element) has a type code GGUF does not define.
    case unknownValueType(rawValue: UInt32, key: String, offset: Int)
    /// A string at `offset` (belonging to `what`) is not valid UTF-8.
    case invalidUTF8(what: String, offset: Int)
    /// Arrays are nested deeper than the reader allows (a guard against a
    /// crafted file exhausting the stack).
    case arrayNestingTooDeep(key: String, offset: Int)
    /// The same metadata key appears twice.
    case duplicateKey(String)
    /// The same tensor name appears twice.
    case duplicateTensor(String)
    /// `general.alignment` is not a positive power of two, or has the wrong type.
    case invalidAlignment(String)
    /// A tensor has zero or more than four dimensions (ggml's maximum).
    case invalidDimensionCount(tensor: String, count: UInt32)
    /// A tensor dimension is zero-or-negative-as-signed or the element count overflows.
    case invalidDimensions(tensor: String, dimensions: [UInt64])
    /// The tensor's ggml type is not one this reader can decode; `typeName` is
    /// ggml's name for it when known.
    case unsupportedTensorType(tensor: String, rawType: UInt32, typeName: String)
    /// A quantised tensor's rows are not a whole number of blocks.
    case rowNotBlockAligned(tensor: String, rowLength: Int, blockSize: Int)
    /// A tensor's data offset is not a multiple of the file's alignment.
    case misalignedTensorData(tensor: String, offset: UInt64, alignment: Int)
    /// A tensor's bytes extend past the end of the file.
    case tensorDataOutOfBounds(tensor: String, start: Int, byteCount: Int, fileSize: Int)
    /// No tensor with this name exists.
    case tensorNotFound(String)
    /// The destination buffer of `dequantize(_:into:)` has the wrong length.
    case destinationSizeMismatch(tensor: String, expected: Int, actual: Int)
    /// A required metadata key is absent.
    case missingKey(String)
    /// A metadata key holds a value of the wrong type or out of range.
    case invalidValue(key: String, expected: String)
}

extension GGUFError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .cannotOpen(path, operation, errno):
            return "GGUF: cannot open \(path): \(operation) failed with errno \(errno)"
        case let .badMagic(found):
            return "GGUF: bad magic 0x\(String(found, radix: 16)) (expected 'GGUF')"
        case let .unsupportedVersion(version):
            return "GGUF: unsupported version \(version) (only 2 and 3, little-endian)"
        case let .truncated(what, offset, needed, fileSize):
            return "GGUF: truncated reading \(what) at offset \(offset): need \(needed) bytes, file has \(fileSize)"
        case let .implausibleCount(what, value, offset):
            return "GGUF: implausible \(what) \(value) at offset \(offset)"
        case let .unknownValueType(rawValue, key, offset):
            return "GGUF: unknown value type \(rawValue) for key '\(key)' at offset \(offset)"
        case let .invalidUTF8(what, offset):
            return "GGUF: invalid UTF-8 in \(what) at offset \(offset)"
        case let .arrayNestingTooDeep(key, offset):
            return "GGUF: arrays nested too deeply in key '\(key)' at offset \(offset)"
        case let .duplicateKey(key):
            return "GGUF: duplicate metadata key '\(key)'"
        case let .duplicateTensor(name):
            return "GGUF: duplicate tensor '\(name)'"
        case let .invalidAlignment(reason):
            return "GGUF: invalid general.alignment: \(reason)"
        case let .invalidDimensionCount(tensor, count):
            return "GGUF: tensor '\(tensor)' has \(count) dimensions (1...4 allowed)"
        case let .invalidDimensions(tensor, dimensions):
            return "GGUF: tensor '\(tensor)' has invalid dimensions \(dimensions)"
        case let .unsupportedTensorType(tensor, rawType, typeName):
            return "GGUF: tensor '\(tensor)' has unsupported type \(typeName) (\(rawType))"
        case let .rowNotBlockAligned(tensor, rowLength, blockSize):
            return "GGUF: tensor '\(tensor)' row length \(rowLength) is not a multiple of block size \(blockSize)"
        case let .misalignedTensorData(tensor, offset, alignment):
            return "GGUF: tensor '\(tensor)' data offset \(offset) is not a multiple of \(alignment)"
        case let .tensorDataOutOfBounds(tensor, start, byteCount, fileSize):
            return "GGUF: tensor '\(tensor)' data [\(start), +\(byteCount)) exceeds file size \(fileSize)"
        case let .tensorNotFound(name):
            return "GGUF: no tensor named '\(name)'"
        case let .destinationSizeMismatch(tensor, expected, actual):
            return "GGUF: tensor '\(tensor)' has \(expected) elements but the destination holds \(actual)"
        case let .missingKey(key):
            return "GGUF: missing metadata key '\(key)'"
        case let .invalidValue(key, expected):
            return "GGUF: metadata key '\(key)' is not \(expected)"
        }
    }
}
