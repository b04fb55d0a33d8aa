/// Where one tensor lives in a GGUF file and what shape and type it has.
///
/// **Dimension order.** `dimensions` is in ggml order: `dimensions[0]` (ggml's
/// `ne[0]`) is the fastest-varying axis, i.e. the row length. A PyTorch weight
/// of shape `[out, in]` is stored as `dimensions == [in, out]`; element
/// `(row r, column c)` sits at flat index `r * dimensions[0] + c`. The flat
/// `[Float]` from `GGUFFile.dequantize` is therefore row-major in the PyTorch
/// sense with the dimensions reversed.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    /// Extents in ggml order (`dimensions[0]` varies fastest); 1 to 4 entries.
    public let dimensions: [Int]
    /// Storage type.
    public let type: GGMLType
    /// Byte offset of the tensor's data relative to the start of the data
    /// section (as written in the file; a multiple of the file's alignment).
    public let offset: Int
    /// Total number of elements (product of `dimensions`).
    public let elementCount: Int
    /// Number of bytes the tensor occupies in the file.
    public let byteCount: Int

    /// Length of one row (`dimensions[0]`).
    public var rowLength: Int { dimensions[0] }
    /// Number of rows (product of the remaining dimensions).
    public var rowCount: Int { elementCount / dimensions[0] }
}
