/// Converts one tensor's stored bytes to `Float`, exactly as ggml's reference
/// `dequantize_row_*` functions define each format (see `GGMLType` for the
/// block layouts). Each element is computed as written there: `d * q + m` is
/// a rounded multiply followed by a rounded add, never a fused multiply-add, so
/// the result is bit-for-bit the value the format specifies.
enum GGUFDequantizer {
    /// Decodes `elementCount` elements of `type` from `source` into
    /// `destination`. The caller has checked that `source` holds exactly the
    /// tensor's bytes and `destination` exactly its elements.
    static func decode(
        type: GGMLType, source: UnsafeRawBufferPointer, elementCount: Int,
        into destination: UnsafeMutableBufferPointer<Float>
    ) {
        guard elementCount > 0, let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let blocks = elementCount / type.blockSize
        switch type {
        case .f32:
            for i in 0 ..< elementCount {
                dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f16:
            for i in 0 ..< elementCount {
                dst[i] = GGMLHalf.float(fromHalfBits: half(src, 2 * i))
            }
        case .bf16:
            for i in 0 ..< elementCount {
                dst[i] = GGMLHalf.float(fromBFloat16Bits: half(src, 2 * i))
            }
        case .q4_0:
            for b in 0 ..< blocks {
                let block = src + b * 18
                let d = GGMLHalf.float(fromHalfBits: half(block, 0))
                let out = dst + b * 32
                for j in 0 ..< 16 {
                    let byte = block.load(fromByteOffset: 2 + j, as: UInt8.self)
                    out[j] = Float(Int(byte & 0x0F) - 8) * d
                    out[j + 16] = Float(Int(byte >> 4) - 8) * d
                }
            }
        case .q4_1:
            for b in 0 ..< blocks {
                let block = src + b * 20
                let d = GGMLHalf.float(fromHalfBits: half(block, 0))
                let m = GGMLHalf.float(fromHalfBits: half(block, 2))
                let out = dst + b * 32
                for j in 0 ..< 16 {
                    let byte = block.load(fromByteOffset: 4 + j, as: UInt8.self)
                    out[j] = Float(byte & 0x0F) * d + m
                    out[j + 16] = Float(byte >> 4) * d + m
                }
            }
        case .q8_0:
            for b in 0 ..< blocks {
                let block = src + b * 34
                let d = GGMLHalf.float(fromHalfBits: half(block, 0))
                let out = dst + b * 32
                for j in 0 ..< 32 {
                    out[j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d
                }
            }
        }
    }

    @inline(__always)
    private static func half(_ base: UnsafeRawPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
}
