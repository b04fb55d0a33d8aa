/// Appends little-endian fields to a byte array that was sized once up front.
///
/// The encoder of every message computes its exact size first, so a frame is built with a
/// single allocation; on little-endian hosts float arrays are copied as one block.
struct ByteWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Unsigned LEB128: seven bits per byte, low bits first, the high bit set on every byte
    /// but the last (1 byte below 128, at most 10 for a `UInt64`).
    mutating func write(varint value: UInt64) {
        var v = value
        while v >= 0x80 {
            write(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        write(UInt8(v))
    }

    /// The size of `value` as a varint.
    static func varintSize(_ value: UInt64) -> Int { max(1, (64 - value.leadingZeroBitCount + 6) / 7) }

    mutating func write(_ value: Float) {
        write(value.bitPattern)
    }

    mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    mutating func write(_ value: Bool) {
        write(UInt8(value ? 1 : 0))
    }

    mutating func write<E: RawRepresentable<UInt8>>(enum value: E) {
        write(value.rawValue)
    }

    /// Writes a `UInt32` count followed by the elements.
    mutating func write(floats values: [Float]) {
        writeCounted(values) { $0.write($1) }
    }

    /// Writes a `UInt32` count followed by the binary64 values.
    mutating func write(doubles values: [Double]) {
        writeCounted(values) { $0.write($1) }
    }

    /// Writes bytes as they are, without a count (fixed-length fields, or after `writeCount`).
    mutating func write(raw values: [UInt8]) {
        bytes.append(contentsOf: values)
    }

    /// Writes a `UInt32` count followed by the ids.
    mutating func write(ids values: [UInt32]) {
        writeCounted(values) { $0.write($1) }
    }

    /// A `UInt32` count, then the elements in little-endian order: on a little-endian host
    /// their memory already is the wire format, elsewhere each is written by `element`.
    private mutating func writeCounted<T>(_ values: [T], element: (inout ByteWriter, T) -> Void) {
        writeCount(values.count)
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values { element(&self, value) }
        #endif
    }

    /// Writes an element count as `UInt32`. The values being encoded are the local node's
    /// own, and no legitimate array approaches 2^32 elements (16 GiB of floats), so a larger
    /// count is a programming error in the caller, not bad input.
    mutating func writeCount(_ count: Int) {
        guard let narrow = UInt32(exactly: count) else {
            preconditionFailure("SeedFLWire: array of \(count) elements cannot be framed (max 2^32-1)")
        }
        write(narrow)
    }
}
