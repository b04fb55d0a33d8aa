import Foundation

/// A safetensors file read into memory (Float32 tensors only, which is what SeedFL writes).
///
/// Everything that comes from the file is checked before use: the header length against the
/// file size and a 100 MB cap (the format's own limit), the JSON shape, every dtype, and the
/// data offsets (each tensor's byte span must match its shape, and the spans must tile the
/// data region with no hole or overlap, as the format requires).
public struct SafeTensorsFile: Sendable {
    /// The largest header accepted, in bytes (the format's limit).
    public static let maximumHeaderSize = 100_000_000

    /// The `__metadata__` string pairs (empty when absent).
    public let metadata: [String: String]
    /// The tensors in data order.
    public let tensors: [SafeTensor]

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> SafeTensor? {
        tensors.first { $0.name == name }
    }

    /// Reads and validates the file at `path`.
    ///
    /// - Throws: `SafeTensorsError` (`.io`, `.malformedHeader`, `.unsupportedDType`, `.badOffsets`).
    public init(path: String) throws {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SafeTensorsError(.io, path: path, "cannot read: \(error)")
        }
        guard bytes.count >= 8 else {
            throw SafeTensorsError(.malformedHeader, path: path, "file has \(bytes.count) bytes, fewer than the 8-byte length")
        }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(Self.maximumHeaderSize), Int(length) <= bytes.count - 8 else {
            throw SafeTensorsError(.malformedHeader, path: path, "header length \(length) exceeds the file (\(bytes.count) bytes) or the 100 MB cap")
        }
        let dataStart = 8 + Int(length)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw SafeTensorsError(.malformedHeader, path: path, "header is not JSON: \(error)")
        }
        guard let header = object as? [String: Any] else {
            throw SafeTensorsError(.malformedHeader, path: path, "header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let pairs = raw as? [String: Any] else {
                throw SafeTensorsError(.malformedHeader, path: path, "__metadata__ is not an object")
            }
            for (key, value) in pairs {
                guard let text = value as? String else {
                    throw SafeTensorsError(.malformedHeader, path: path, "__metadata__ value of \(key) is not a string")
                }
                metadata[key] = text
            }
        }
        var spans: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, raw) in header where name != "__metadata__" {
            spans.append(try Self.span(name, raw, path: path))
        }
        spans.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        let dataLength = bytes.count - dataStart
        var expected = 0
        var tensors: [SafeTensor] = []
        for span in spans {
            guard span.begin == expected, span.end <= dataLength else {
                throw SafeTensorsError(
                    .badOffsets, path: path,
                    "tensor \(span.name) spans [\(span.begin), \(span.end)); expected to start at \(expected) and end by \(dataLength)")
            }
            let count = (span.end - span.begin) / 4
            let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count {
                    let at = dataStart + span.begin + 4 * i
                    let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
                    buffer[i] = Float(bitPattern: bits)
                }
                initialized = count
            }
            tensors.append(SafeTensor(name: span.name, shape: span.shape, values: values))
            expected = span.end
        }
        guard expected == dataLength else {
            throw SafeTensorsError(.badOffsets, path: path, "tensors cover \(expected) of \(dataLength) data bytes")
        }
        self.metadata = metadata
        self.tensors = tensors
    }

    private static func span(_ name: String, _ raw: Any, path: String) throws -> (name: String, shape: [Int], begin: Int, end: Int) {
        guard let entry = raw as? [String: Any], let dtype = entry["dtype"] as? String,
              let shapeValues = entry["shape"] as? [Any], let offsetValues = entry["data_offsets"] as? [Any] else {
            throw SafeTensorsError(.malformedHeader, path: path, "tensor \(name) lacks dtype, shape or data_offsets")
        }
        guard dtype == "F32" else {
            throw SafeTensorsError(.unsupportedDType, path: path, "tensor \(name) has dtype \(dtype); only F32 is read")
        }
        let shape = shapeValues.compactMap { $0 as? Int }
        let offsets = offsetValues.compactMap { $0 as? Int }
        guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }),
              offsets.count == 2, offsets.count == offsetValues.count else {
            throw SafeTensorsError(.malformedHeader, path: path, "tensor \(name) has a bad shape or data_offsets")
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw SafeTensorsError(.badOffsets, path: path, "tensor \(name) shape \(shape) overflows") }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow, offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] - offsets[0] == bytes else {
            throw SafeTensorsError(.badOffsets, path: path, "tensor \(name) of shape \(shape) has data_offsets \(offsets)")
        }
        return (name, shape, offsets[0], offsets[1])
    }
}
