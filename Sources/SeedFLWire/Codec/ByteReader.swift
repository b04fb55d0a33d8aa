/// A bounds-checked cursor over a frame that never reads outside `[offset, end)`.
///
/// Every read first checks that enough bytes remain and otherwise throws
/// ``WireError/truncated(needed:available:)``; array reads check the count against its
/// limit and against the remaining bytes *before* allocating, so a lying count fails in
/// O(1) time and memory.
struct ByteReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var offset: Int
    /// One past the last byte this reader may consume (a nested record ends before the frame).
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        offset = 0
        end = buffer.count
    }

    private init(buffer: UnsafeRawBufferPointer, offset: Int, end: Int) {
        self.buffer = buffer
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }

    /// Throws unless `count` more bytes can be read. `count` is never negative here and
    /// `remaining` is at most the buffer size, so the comparison cannot overflow.
    private func require(_ count: Int) throws(WireError) {
        guard count <= remaining else {
            throw .truncated(needed: Saturating.add(offset, count), available: end)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(WireError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: raw)
    }

    /// An unsigned LEB128 varint (see `ByteWriter.write(varint:)`), refused unless it is the
    /// shortest encoding of a value that fits 64 bits: one value, one encoding.
    mutating func readVarint(field: String) throws(WireError) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try read(UInt8.self)
            let bits = UInt64(byte & 0x7F)
            if index == 9 && (byte & 0x7E) != 0 { throw .invalidValue(field: field, reason: "varint overflows 64 bits") }
            value |= bits << (7 * UInt64(index))
            if byte & 0x80 == 0 {
                if index > 0 && byte == 0 { throw .invalidValue(field: field, reason: "varint is not in its shortest form") }
                return value
            }
        }
        throw .invalidValue(field: field, reason: "varint longer than 10 bytes")
    }

    /// A varint that must be at most `limit`.
    mutating func readVarint(field: String, limit: UInt64) throws(WireError) -> UInt64 {
        let value = try readVarint(field: field)
        guard value <= limit else { throw .invalidValue(field: field, reason: "\(value) exceeds \(limit)") }
        return value
    }

    mutating func readFloat() throws(WireError) -> Float {
        Float(bitPattern: try read(UInt32.self))
    }

    mutating func readDouble() throws(WireError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    /// Reads a one-byte enumeration, refusing raw values that name no case.
    mutating func read<E: RawRepresentable<UInt8>>(enum _: E.Type, field: String) throws(WireError) -> E {
        let raw = try read(UInt8.self)
        guard let value = E(rawValue: raw) else { throw .unknownEnumValue(field: field, raw: raw) }
        return value
    }

    /// Reads a boolean byte, which must be exactly 0 or 1 so every value has one encoding.
    mutating func readBool(field: String) throws(WireError) -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let raw: throw .unknownEnumValue(field: field, raw: raw)
        }
    }

    /// Reads a `UInt32` element count, checks it against `limit`, then checks that
    /// `count * minimumElementSize` bytes remain. Nothing is allocated before both pass.
    mutating func readCount(field: String, limit: Int, minimumElementSize: Int) throws(WireError) -> Int {
        let count = Int(try read(UInt32.self))
        guard count <= limit else { throw .countOutOfRange(field: field, value: count, limit: limit) }
        try require(Saturating.mul(count, minimumElementSize))
        return count
    }

    /// Reads a counted float array (count, then binary32 values).
    mutating func readFloats(field: String, limit: Int) throws(WireError) -> [Float] {
        let count = try readCount(field: field, limit: limit, minimumElementSize: 4)
        return copyArray(of: Float.self, count: count)
    }

    /// Reads a counted double array (count, then binary64 values).
    mutating func readDoubles(field: String, limit: Int) throws(WireError) -> [Double] {
        let count = try readCount(field: field, limit: limit, minimumElementSize: 8)
        return copyArray(of: Double.self, count: count)
    }

    /// Reads a counted `UInt32` id array.
    mutating func readIDs(field: String, limit: Int) throws(WireError) -> [UInt32] {
        let count = try readCount(field: field, limit: limit, minimumElementSize: 4)
        return copyArray(of: UInt32.self, count: count)
    }

    /// Reads `count` raw bytes (a fixed-length field, or the elements of a byte array whose
    /// count was already checked by ``readCount(field:limit:minimumElementSize:)``).
    mutating func readRaw(count: Int) throws(WireError) -> [UInt8] {
        try require(count)
        let raw = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[offset ..< offset + count]))
        offset += count
        return raw
    }

    /// Copies `count` little-endian elements; the caller has already checked that they are
    /// all inside the reader.
    private mutating func copyArray<T: BitPatternElement>(of _: T.Type, count: Int) -> [T] {
        guard count > 0 else { return [] }
        let elementSize = MemoryLayout<T.WireBits>.size
        let byteCount = count * elementSize
        let source = UnsafeRawBufferPointer(rebasing: buffer[offset ..< offset + byteCount])
        offset += byteCount
        return [T](unsafeUninitializedCapacity: count) { destination, initialized in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(destination).copyMemory(from: source)
            #else
            for i in 0 ..< count {
                let raw = source.loadUnaligned(fromByteOffset: elementSize * i, as: T.WireBits.self)
                destination[i] = T(wireBits: T.WireBits(littleEndian: raw))
            }
            #endif
            initialized = count
        }
    }

    /// Splits off the next `length` bytes as a reader of their own (for a nested record)
    /// and advances past them.
    mutating func subReader(length: Int) throws(WireError) -> ByteReader {
        try require(length)
        let sub = ByteReader(buffer: buffer, offset: offset, end: offset + length)
        offset += length
        return sub
    }
}

/// The element types of wire arrays, rebuilt from their little-endian bits. `WireBits` is
/// the unsigned integer of the same size, whose byte count is the element's size on the wire.
protocol BitPatternElement {
    associatedtype WireBits: FixedWidthInteger & UnsignedInteger
    init(wireBits: WireBits)
}

extension Float: BitPatternElement {
    init(wireBits: UInt32) { self.init(bitPattern: wireBits) }
}

extension Double: BitPatternElement {
    init(wireBits: UInt64) { self.init(bitPattern: wireBits) }
}

extension UInt32: BitPatternElement {
    init(wireBits: UInt32) { self = wireBits }
}
