import SeedFLCore

/// The JSON header of a safetensors file, written by hand so that its bytes are deterministic:
/// `__metadata__` first (keys sorted), then the tensors in data order, each as
/// `{"dtype":"F32","shape":[...],"data_offsets":[begin,end]}` with offsets relative to the end
/// of the header. The header is padded with spaces to a multiple of 8 bytes, which the format
/// allows and which aligns the data for readers that map the file.
enum SafeTensorsHeader {
    static func encode(_ entries: [SafeTensorDescriptor], metadata: [String: String]) -> [UInt8] {
        var json = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(JSONString.quoted($0)):\(JSONString.quoted(metadata[$0] ?? ""))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for entry in entries {
            let end = offset + entry.count * MemoryLayout<Float>.size
            let shape = entry.shape.map(String.init).joined(separator: ",")
            fields.append("\(JSONString.quoted(entry.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += fields.joined(separator: ",") + "}"
        var bytes = Array(json.utf8)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        return bytes
    }
}
