/// The parsed header of a GGUF file: everything before the tensor data.
struct GGUFHeader {
    var version: UInt32
    var metadata: [String: GGUFValue]
    var metadataKeys: [String]
    var tensors: [GGUFTensorInfo]
    var alignment: Int
    var dataOffset: Int
}

/// Parses the GGUF header (v2 and v3 share one little-endian layout):
///
/// ```
/// magic "GGUF" | version u32 | tensor_count u64 | kv_count u64
/// kv_count   x { key: string, type: u32, value }
/// tensor_count x { name: string, n_dims: u32, ne: u64[n_dims], type: u32, offset: u64 }
/// padding to `general.alignment` (default 32), then the data section
/// ```
/// A string is a u64 byte length followed by UTF-8 bytes; an array is an
/// element type u32, a u64 count and the elements.
enum GGUFParser {
    /// GGUF's default data alignment when `general.alignment` is absent.
    static let defaultAlignment = 32
    /// ggml tensors have at most four dimensions.
    static let maximumDimensions: UInt32 = 4
    /// Real files nest arrays at most once; a small limit keeps recursion
    /// bounded on hostile input without rejecting any sensible file.
    static let maximumArrayDepth = 8
    /// Smallest possible encoded size of one tensor info (empty name, one
    /// dimension): used to reject tensor counts that cannot fit in the file.
    static let minimumTensorInfoSize = 8 + 4 + 8 + 4 + 8
    /// Smallest possible encoded size of one key/value pair.
    static let minimumKeyValueSize = 8 + 4 + 1

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(GGUFError) -> GGUFHeader {
        var reader = GGUFByteReader(bytes: bytes)
        let magic = try reader.read(UInt32.self, "magic")
        guard magic == 0x4655_4747 else { throw .badMagic(found: magic) }  // "GGUF" little-endian
        let version = try reader.read(UInt32.self, "version")
        guard version == 2 || version == 3 else { throw .unsupportedVersion(version) }

        let tensorCountOffset = reader.offset
        let tensorCount = try reader.read(UInt64.self, "tensor count")
        let keyValueCountOffset = reader.offset
        let keyValueCount = try reader.read(UInt64.self, "metadata count")
        guard keyValueCount <= UInt64(reader.remaining / minimumKeyValueSize) else {
            throw .implausibleCount(what: "metadata count", value: keyValueCount, offset: keyValueCountOffset)
        }

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        for index in 0 ..< Int(keyValueCount) {
            let key = try reader.readString("metadata key #\(index)")
            let typeOffset = reader.offset
            let rawType = try reader.read(UInt32.self, "type of '\(key)'")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw .unknownValueType(rawValue: rawType, key: key, offset: typeOffset)
            }
            let value = try readValue(type, key: key, depth: 0, reader: &reader)
            guard metadata.updateValue(value, forKey: key) == nil else { throw .duplicateKey(key) }
            keys.append(key)
        }

        let alignment = try alignment(from: metadata)

        guard tensorCount <= UInt64(reader.remaining / minimumTensorInfoSize) else {
            throw .implausibleCount(what: "tensor count", value: tensorCount, offset: tensorCountOffset)
        }
        var rawInfos: [(name: String, dimensions: [Int], type: GGMLType, offset: UInt64, elements: Int)] = []
        rawInfos.reserveCapacity(Int(tensorCount))
        var seen = Set<String>()
        for index in 0 ..< Int(tensorCount) {
            let name = try reader.readString("name of tensor #\(index)")
            guard seen.insert(name).inserted else { throw .duplicateTensor(name) }
            let dimensionCount = try reader.read(UInt32.self, "dimension count of '\(name)'")
            guard dimensionCount >= 1, dimensionCount <= maximumDimensions else {
                throw .invalidDimensionCount(tensor: name, count: dimensionCount)
            }
            var rawDimensions: [UInt64] = []
            for axis in 0 ..< Int(dimensionCount) {
                rawDimensions.append(try reader.read(UInt64.self, "dimension \(axis) of '\(name)'"))
            }
            let rawType = try reader.read(UInt32.self, "type of '\(name)'")
            let offset = try reader.read(UInt64.self, "data offset of '\(name)'")

            guard let type = GGMLType(rawValue: rawType) else {
                throw .unsupportedTensorType(tensor: name, rawType: rawType,
                                             typeName: GGMLType.name(forRawValue: rawType))
            }
            var dimensions: [Int] = []
            var elements = 1
            for raw in rawDimensions {
                guard raw >= 1, let extent = Int(exactly: raw) else {
                    throw .invalidDimensions(tensor: name, dimensions: rawDimensions)
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw .invalidDimensions(tensor: name, dimensions: rawDimensions) }
                elements = product
                dimensions.append(extent)
            }
            rawInfos.append((name, dimensions, type, offset, elements))
        }

        // The data section starts at the next multiple of the alignment.
        let headerEnd = reader.offset
        let (padded, overflow) = headerEnd.addingReportingOverflow(alignment - 1)
        guard !overflow else { throw .invalidAlignment("\(alignment) overflows the header end") }
        let dataOffset = padded / alignment * alignment

        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(rawInfos.count)
        for info in rawInfos {
            tensors.append(try validatedTensor(info, alignment: alignment, dataOffset: dataOffset,
                                               fileSize: bytes.count))
        }
        return GGUFHeader(version: version, metadata: metadata, metadataKeys: keys, tensors: tensors,
                          alignment: alignment, dataOffset: dataOffset)
    }

    private static func alignment(from metadata: [String: GGUFValue]) throws(GGUFError) -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let alignment = value.int else {
            throw .invalidAlignment("expected an integer, found \(value.type)")
        }
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw .invalidAlignment("\(alignment) is not a positive power of two")
        }
        return alignment
    }

    private static func validatedTensor(
        _ info: (name: String, dimensions: [Int], type: GGMLType, offset: UInt64, elements: Int),
        alignment: Int, dataOffset: Int, fileSize: Int
    ) throws(GGUFError) -> GGUFTensorInfo {
        let blockSize = info.type.blockSize
        guard info.dimensions[0] % blockSize == 0 else {
            throw .rowNotBlockAligned(tensor: info.name, rowLength: info.dimensions[0], blockSize: blockSize)
        }
        guard info.offset % UInt64(alignment) == 0 else {
            throw .misalignedTensorData(tensor: info.name, offset: info.offset, alignment: alignment)
        }
        let (byteCount, overflow) = (info.elements / blockSize).multipliedReportingOverflow(by: info.type.bytesPerBlock)
        guard !overflow,
              let relative = Int(exactly: info.offset),
              relative <= fileSize,  // keeps the sums below from overflowing
              byteCount <= fileSize,
              dataOffset + relative + byteCount <= fileSize
        else {
            throw .tensorDataOutOfBounds(tensor: info.name, start: dataOffset &+ Int(clamping: info.offset),
                                         byteCount: overflow ? Int.max : byteCount, fileSize: fileSize)
        }
        return GGUFTensorInfo(name: info.name, dimensions: info.dimensions, type: info.type,
                              offset: relative, elementCount: info.elements, byteCount: byteCount)
    }

    private static func readValue(
        _ type: GGUFValueType, key: String, depth: Int, reader: inout GGUFByteReader
    ) throws(GGUFError) -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, "value of '\(key)'"))
        case .int8: return .int8(try reader.read(Int8.self, "value of '\(key)'"))
        case .uint16: return .uint16(try reader.read(UInt16.self, "value of '\(key)'"))
        case .int16: return .int16(try reader.read(Int16.self, "value of '\(key)'"))
        case .uint32: return .uint32(try reader.read(UInt32.self, "value of '\(key)'"))
        case .int32: return .int32(try reader.read(Int32.self, "value of '\(key)'"))
        case .uint64: return .uint64(try reader.read(UInt64.self, "value of '\(key)'"))
        case .int64: return .int64(try reader.read(Int64.self, "value of '\(key)'"))
        case .float32: return .float32(try reader.readFloat("value of '\(key)'"))
        case .float64: return .float64(try reader.readDouble("value of '\(key)'"))
        case .bool:
            let byteOffset = reader.offset
            let byte = try reader.read(UInt8.self, "value of '\(key)'")
            guard byte <= 1 else {
                throw .invalidValue(key: key, expected: "a bool (0 or 1) at offset \(byteOffset), found \(byte)")
            }
            return .bool(byte == 1)
        case .string: return .string(try reader.readString("value of '\(key)'"))
        case .array:
            guard depth < maximumArrayDepth else {
                throw .arrayNestingTooDeep(key: key, offset: reader.offset)
            }
            let typeOffset = reader.offset
            let rawElementType = try reader.read(UInt32.self, "array type of '\(key)'")
            guard let elementType = GGUFValueType(rawValue: rawElementType) else {
                throw .unknownValueType(rawValue: rawElementType, key: key, offset: typeOffset)
            }
            let countOffset = reader.offset
            let count = try reader.read(UInt64.self, "array count of '\(key)'")
            // Bound the count by what the rest of the file could hold before
            // reserving memory for it.
            guard count <= UInt64(reader.remaining / elementType.minimumSize) else {
                throw .implausibleCount(what: "array count of '\(key)'", value: count, offset: countOffset)
            }
            var elements: [GGUFValue] = []
            // Reserve at most a modest amount up front: a corrupt count that
            // still fits the file should not commit gigabytes before it fails.
            elements.reserveCapacity(min(Int(count), 1 << 16))
            for _ in 0 ..< Int(count) {
                elements.append(try readValue(elementType, key: key, depth: depth + 1, reader: &reader))
            }
            return .array(elementType: elementType, elements: elements)
        }
    }
}
