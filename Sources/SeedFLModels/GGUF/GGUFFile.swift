/// A GGUF model file (versions 2 and 3, little-endian), memory-mapped.
///
/// Opening the file parses and validates the whole header: every metadata
/// value, every tensor's shape, type and byte range. After `init` returns,
/// every tensor listed in `tensors` can be dequantised without further
/// bounds failures; a corrupt or truncated file is refused up front with a
/// `GGUFError` that says what was wrong and where.
///
/// The file is mapped read-only rather than read into memory, so opening a
/// 100 MB model costs only its header; tensor bytes are paged in when a tensor
/// is dequantised.
///
/// See `GGUFTensorInfo` for the dimension-order convention (ggml's `ne[0]`,
/// the row length, comes first).
///
/// `@unchecked Sendable` is sound because the object is immutable after
/// `init`: all stored properties are `let`, the metadata and tensor tables are
/// value types, and the mapping is `PROT_READ`/`MAP_PRIVATE`, so concurrent
/// readers only ever read bytes that nothing can write. The mapping lives as
/// long as the object.
public final class GGUFFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// The GGUF format version (2 or 3).
    public let version: UInt32
    /// All metadata key/value pairs.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order (for listing and diagnostics).
    public let metadataKeys: [String]
    /// Tensor descriptions in file order.
    public let tensors: [GGUFTensorInfo]
    /// Alignment of tensor data (`general.alignment`, default 32).
    public let alignment: Int
    /// Absolute byte offset of the data section; a tensor's bytes start at
    /// `dataOffset + tensor.offset`.
    public let dataOffset: Int
    /// Size of the file in bytes.
    public var fileSize: Int { mapping.bytes.count }

    private let mapping: GGUFMappedFile
    private let tensorIndex: [String: Int]

    /// Opens, maps and validates the GGUF file at `path`.
    /// - Throws: `GGUFError` naming the offset, key or tensor at fault.
    public init(path: String) throws(GGUFError) {
        let mapping = try GGUFMappedFile(path: path)
        let header = try GGUFParser.parse(mapping.bytes)
        self.path = path
        self.mapping = mapping
        self.version = header.version
        self.metadata = header.metadata
        self.metadataKeys = header.metadataKeys
        self.tensors = header.tensors
        self.alignment = header.alignment
        self.dataOffset = header.dataOffset
        var index: [String: Int] = [:]
        for (position, tensor) in header.tensors.enumerated() {
            index[tensor.name] = position
        }
        self.tensorIndex = index
    }

    /// The description of the tensor called `name`, or `nil`.
    public func tensorInfo(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// Dequantises the tensor called `name` to a new array of
    /// `elementCount` floats, in storage order (`dimensions[0]` fastest).
    public func dequantize(_ name: String) throws(GGUFError) -> [Float] {
        guard let info = tensorInfo(named: name) else { throw .tensorNotFound(name) }
        return [Float](unsafeUninitializedCapacity: info.elementCount) { buffer, initialized in
            decode(info, into: buffer)
            initialized = info.elementCount
        }
    }

    /// Dequantises the tensor called `name` into `destination`, which must
    /// hold exactly `elementCount` floats (so a caller can fill a slice of a
    /// larger parameter buffer without an intermediate copy).
    public func dequantize(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws(GGUFError) {
        guard let info = tensorInfo(named: name) else { throw .tensorNotFound(name) }
        guard destination.count == info.elementCount else {
            throw .destinationSizeMismatch(tensor: name, expected: info.elementCount, actual: destination.count)
        }
        decode(info, into: destination)
    }

    /// The tensor's stored bytes, valid for the duration of `body` only (they
    /// live in the mapping, which this object owns). For callers that want to
    /// work on quantised blocks directly.
    public func withRawBytes<R, E: Error>(
        of name: String, _ body: (GGUFTensorInfo, UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R? {
        guard let info = tensorInfo(named: name) else { return nil }
        return try body(info, bytes(of: info))
    }

    private func bytes(of info: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        // In bounds: validated by the parser when the file was opened.
        let start = dataOffset + info.offset
        return UnsafeRawBufferPointer(rebasing: mapping.bytes[start ..< start + info.byteCount])
    }

    private func decode(_ info: GGUFTensorInfo, into destination: UnsafeMutableBufferPointer<Float>) {
        GGUFDequantizer.decode(type: info.type, source: bytes(of: info),
                               elementCount: info.elementCount, into: destination)
    }
}
