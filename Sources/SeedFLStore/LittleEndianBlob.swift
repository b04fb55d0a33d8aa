/// Packing of `Float` and `UInt32` arrays into little-endian BLOBs and back.
///
/// The format is fixed (little-endian, 4 bytes per element) so a ledger written on any host
/// reads the same bits on any other; on little-endian hosts (every platform Swift supports on
/// Linux) packing is a single copy.
enum LittleEndianBlob {
    static func bytes(of values: [Float]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { [UInt8]($0) }
        #else
        return bytes(of: values.map(\.bitPattern))
        #endif
    }

    static func bytes(of values: [UInt32]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { [UInt8]($0) }
        #else
        var out = [UInt8]()
        out.reserveCapacity(values.count * 4)
        for value in values { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        return out
        #endif
    }

    /// The 32-bit little-endian words in `bytes`, or nil when the length is not a multiple of 4.
    static func words(_ bytes: UnsafeRawBufferPointer) -> [UInt32]? {
        guard bytes.count % 4 == 0 else { return nil }
        let count = bytes.count / 4
        return [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            // SQLite's blob pointer has no alignment guarantee, hence unaligned loads.
            for index in 0..<count {
                buffer[index] = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
            }
            initialized = count
        }
    }

    /// The float32 values in `bytes` (exact bits), or nil when the length is not a multiple of 4.
    static func floats(_ bytes: UnsafeRawBufferPointer) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        let count = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if _endian(little)
            if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes) }
            #else
            for index in 0..<count {
                let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                buffer[index] = Float(bitPattern: bits)
            }
            #endif
            initialized = count
        }
    }
}
