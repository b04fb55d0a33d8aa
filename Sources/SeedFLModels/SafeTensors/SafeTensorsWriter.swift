#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes Float32 tensors in the safetensors format (Hugging Face): an 8-byte little-endian
/// header length, the JSON header (``SafeTensorsHeader``), then the tensors' little-endian
/// bytes back to back in the listed order.
///
/// The file is written to `path + ".partial"` and renamed into place, so a reader never sees
/// a half-written file under the final name.
public enum SafeTensorsWriter {
    /// Writes `tensors` with `metadata` (string pairs, e.g. `"format": "pt"`, which
    /// `transformers` expects) to `path`.
    ///
    /// - Throws: `SafeTensorsError.invalidTensor` for a value count that does not match the
    ///   shape or a repeated name, `.io` if the file cannot be written.
    public static func write(_ tensors: [SafeTensor], metadata: [String: String] = ["format": "pt"], to path: String) throws {
        try write(tensors.map { SafeTensorDescriptor(name: $0.name, shape: $0.shape) }, metadata: metadata, to: path) {
            tensors[$0].values
        }
    }

    /// Streaming form: `values(i)` is asked for tensor `i`'s values in order, once each, so that
    /// a large model is exported one tensor at a time.
    public static func write(
        _ entries: [SafeTensorDescriptor], metadata: [String: String] = ["format": "pt"], to path: String,
        values: (Int) throws -> [Float]
    ) throws {
        var seen = Set<String>()
        for entry in entries {
            guard entry.name != "__metadata__", seen.insert(entry.name).inserted else {
                throw SafeTensorsError(.invalidTensor, path: path, "tensor name \"\(entry.name)\" is reserved or repeated")
            }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError(.invalidTensor, path: path, "tensor \(entry.name) has a negative dimension: \(entry.shape)")
            }
        }
        let partial = path + ".partial"
        guard let file = fopen(partial, "wb") else {
            throw SafeTensorsError(.io, path: partial, "cannot create: errno \(errno)")
        }
        var closed = false
        defer {
            if !closed {
                fclose(file)
                unlink(partial)
            }
        }
        func put(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            guard fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
                throw SafeTensorsError(.io, path: partial, "write failed: errno \(errno)")
            }
        }
        let header = SafeTensorsHeader.encode(entries, metadata: metadata)
        var length = UInt64(header.count).littleEndian
        try withUnsafeBytes(of: &length) { try put($0) }
        try header.withUnsafeBytes { try put($0) }
        for (index, entry) in entries.enumerated() {
            let tensor = try values(index)
            guard tensor.count == entry.count else {
                throw SafeTensorsError(
                    .invalidTensor, path: path, "tensor \(entry.name) has \(tensor.count) values for shape \(entry.shape)")
            }
            try putLittleEndian(tensor, put)
        }
        closed = true
        guard fclose(file) == 0 else {
            unlink(partial)
            throw SafeTensorsError(.io, path: partial, "close failed: errno \(errno)")
        }
        guard rename(partial, path) == 0 else {
            unlink(partial)
            throw SafeTensorsError(.io, path: path, "rename from \(partial) failed: errno \(errno)")
        }
    }

    /// The values' IEEE-754 bits, little-endian, in chunks (a no-op conversion on x86 and ARM).
    private static func putLittleEndian(_ values: [Float], _ put: (UnsafeRawBufferPointer) throws -> Void) throws {
        #if _endian(little)
        try values.withUnsafeBytes { try put($0) }
        #else
        let chunk = 1 << 16
        var start = 0
        while start < values.count {
            let end = min(values.count, start + chunk)
            let bits = values[start..<end].map { $0.bitPattern.littleEndian }
            try bits.withUnsafeBytes { try put($0) }
            start = end
        }
        #endif
    }
}
