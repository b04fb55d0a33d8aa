/// Why a frame was refused by ``Message/decode(_:limits:)`` or a
/// message failed ``Hello/validate(limits:)`` and friends.
///
/// Every case names what failed (the field, as `Type.field` or `Type.array[index]`) and why,
/// so a node can count and log the reason for each dropped frame without parsing strings.
/// Byte positions (`needed`, `available`) are absolute offsets in the frame.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame is longer than ``DecodeLimits/maxFrameBytes``; checked before any byte is read.
    case frameTooLarge(size: Int, limit: Int)
    /// The first two bytes are not `"SF"`.
    case badMagic(found: (UInt8, UInt8))
    /// The version byte is not ``WireFormat/version``.
    case unsupportedVersion(found: UInt8)
    /// The message type byte is not a ``MessageType``.
    case unknownType(found: UInt8)
    /// The frame ends before a field does: reading it needs the frame to be at least
    /// `needed` bytes long, but only `available` bytes are there (or, inside a nested
    /// record, the record ends at `available`).
    case truncated(needed: Int, available: Int)
    /// The message (or a nested record) was complete but `count` bytes were left over.
    case trailingBytes(count: Int)
    /// An element count is above the limit that applies to it (or is below the minimum
    /// of 1 for arrays that must not be empty, in which case `limit` is that minimum).
    case countOutOfRange(field: String, value: Int, limit: Int)
    /// An array has a count that contradicts other fields (e.g. scalars != K*P).
    case countMismatch(field: String, found: Int, expected: Int)
    /// A float field is NaN or infinite.
    case nonFinite(field: String)
    /// A one-byte enumeration holds a value that names no case.
    case unknownEnumValue(field: String, raw: UInt8)
    /// A field is well-formed but violates a rule of the protocol (K = 0, ids not strictly
    /// increasing, sequence number 0, ...); `reason` states the rule.
    case invalidValue(field: String, reason: String)

    /// One line stating what failed, naming the field or byte position.
    public var description: String {
        switch self {
        case let .frameTooLarge(size, limit):
            "frame of \(size) bytes exceeds the limit of \(limit) bytes"
        case let .badMagic(found):
            "bad magic bytes 0x\(hex(found.0)) 0x\(hex(found.1)) (expected \"SF\" = 0x53 0x46)"
        case let .unsupportedVersion(found):
            "unsupported wire version \(found) (this codec speaks version \(WireFormat.version))"
        case let .unknownType(found):
            "unknown message type 0x\(hex(found))"
        case let .truncated(needed, available):
            "truncated frame: a field needs \(needed) bytes but the frame ends at \(available)"
        case let .trailingBytes(count):
            "\(count) unexpected trailing byte(s) after the message"
        case let .countOutOfRange(field, value, limit):
            "field \(field): count \(value) is out of range (limit \(limit))"
        case let .countMismatch(field, found, expected):
            "field \(field): has \(found) elements, expected \(expected)"
        case let .nonFinite(field):
            "field \(field): value is not finite (NaN or infinity)"
        case let .unknownEnumValue(field, raw):
            "field \(field): \(raw) is not a known value"
        case let .invalidValue(field, reason):
            "field \(field): \(reason)"
        }
    }

    /// Case-by-case equality (tuples are not Equatable, so `badMagic` needs it spelled out).
    public static func == (lhs: WireError, rhs: WireError) -> Bool {
        switch (lhs, rhs) {
        case let (.frameTooLarge(a, b), .frameTooLarge(c, d)): a == c && b == d
        case let (.badMagic(a), .badMagic(b)): a == b
        case let (.unsupportedVersion(a), .unsupportedVersion(b)): a == b
        case let (.unknownType(a), .unknownType(b)): a == b
        case let (.truncated(a, b), .truncated(c, d)): a == c && b == d
        case let (.trailingBytes(a), .trailingBytes(b)): a == b
        case let (.countOutOfRange(a, b, c), .countOutOfRange(d, e, f)): a == d && b == e && c == f
        case let (.countMismatch(a, b, c), .countMismatch(d, e, f)): a == d && b == e && c == f
        case let (.nonFinite(a), .nonFinite(b)): a == b
        case let (.unknownEnumValue(a, b), .unknownEnumValue(c, d)): a == c && b == d
        case let (.invalidValue(a, b), .invalidValue(c, d)): a == c && b == d
        default: false
        }
    }

    /// The same error with its field name moved under `owner`, used when a nested record
    /// fails so the log says which record: `RoundCommit.scalars[3]` inside the third
    /// record of a chunk becomes `HistoryChunk.records[2].scalars[3]`.
    func nested(under owner: String) -> WireError {
        func rename(_ field: String) -> String {
            // Field names are "Type.rest"; replace the type with the nesting path.
            guard let dot = field.firstIndex(of: ".") else { return owner + "." + field }
            return owner + field[dot...]
        }
        switch self {
        case let .countOutOfRange(field, value, limit):
            return .countOutOfRange(field: rename(field), value: value, limit: limit)
        case let .countMismatch(field, found, expected):
            return .countMismatch(field: rename(field), found: found, expected: expected)
        case let .nonFinite(field):
            return .nonFinite(field: rename(field))
        case let .unknownEnumValue(field, raw):
            return .unknownEnumValue(field: rename(field), raw: raw)
        case let .invalidValue(field, reason):
            return .invalidValue(field: rename(field), reason: reason)
        case .frameTooLarge, .badMagic, .unsupportedVersion, .unknownType, .truncated, .trailingBytes:
            return self
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
}
