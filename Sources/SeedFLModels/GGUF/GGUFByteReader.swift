/// A bounds-checked little-endian cursor over the mapped file.
///
/// Every read first checks that the bytes exist, so a truncated or corrupt
/// file produces `GGUFError.truncated` naming what was being read and where,
/// instead of reading past the mapping.
struct GGUFByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    /// Checks that `count` bytes are available at the cursor.
    func require(_ count: Int, for what: @autoclosure () -> String) throws(GGUFError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(what: what(), offset: offset, needed: count, fileSize: bytes.count)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(GGUFError) -> T {
        try require(MemoryLayout<T>.size, for: what())
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ what: @autoclosure () -> String) throws(GGUFError) -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
    }

    mutating func readDouble(_ what: @autoclosure () -> String) throws(GGUFError) -> Double {
        Double(bitPattern: try read(UInt64.self, what()))
    }

    /// Reads a GGUF string: a uint64 byte length, then that many UTF-8 bytes.
    mutating func readString(_ what: @autoclosure () -> String) throws(GGUFError) -> String {
        let length = try read(UInt64.self, what())
        guard length <= UInt64(remaining) else {
            throw .truncated(what: what(), offset: offset, needed: Int(clamping: length), fileSize: bytes.count)
        }
        let count = Int(length)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count])
        let string = String(decoding: slice, as: UTF8.self)
        // `String(decoding:)` silently repairs bad UTF-8 with U+FFFD; a repaired
        // string has different bytes, which is how we detect and refuse it.
        guard string.utf8.count == count, string.utf8.elementsEqual(slice) else {
            throw .invalidUTF8(what: what(), offset: offset)
        }
        offset += count
        return string
    }
}
