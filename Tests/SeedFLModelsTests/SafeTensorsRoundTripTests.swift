import Foundation
import SeedFLModels
import XCTest

final class SafeTensorsRoundTripTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testWrittenTensorsReadBackWithIdenticalBitsNamesShapesAndMetadata() throws {
        let special: [Float] = [0, -0.0, .infinity, -.infinity, Float(bitPattern: 0x7FC0_1234), .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 1.5]
        let tensors = [
            SafeTensor(name: "model.layers.0.self_attn.q_proj.weight", shape: [2, 4], values: special),
            SafeTensor(name: "scalar", shape: [], values: [3.25]),
            SafeTensor(name: "empty", shape: [0, 3], values: []),
            SafeTensor(name: "odd \"name\" \\ ü", shape: [3], values: (0..<3).map { Float($0) / 7 }),
        ]
        let metadata = ["format": "pt", "note": "line\nbreak \"quoted\""]
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path("a.safetensors"))
        let file = try SafeTensorsFile(path: path("a.safetensors"))
        XCTAssertEqual(file.metadata, metadata)
        XCTAssertEqual(file.tensors.map(\.name), tensors.map(\.name))
        XCTAssertEqual(file.tensors.map(\.shape), tensors.map(\.shape))
        XCTAssertEqual(file.tensors.map { $0.values.map(\.bitPattern) }, tensors.map { $0.values.map(\.bitPattern) })
        XCTAssertEqual(file.tensor(named: "scalar")?.values, [3.25])

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path("a.safetensors"))))
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        XCTAssertEqual(length % 8, 0, "header padded to 8 bytes")
        XCTAssertEqual(bytes.count, 8 + length + 4 * (8 + 1 + 0 + 3))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("a.safetensors.partial")))
    }

    func testWriterRefusesInconsistentTensorsAndLeavesNoFile() {
        let target = path("bad.safetensors")
        XCTAssertThrowsError(try SafeTensorsWriter.write([SafeTensor(name: "w", shape: [2, 2], values: [1, 2, 3])], to: target)) {
            XCTAssertEqual(($0 as? SafeTensorsError)?.code, .invalidTensor)
        }
        XCTAssertThrowsError(try SafeTensorsWriter.write(
            [SafeTensor(name: "w", shape: [1], values: [1]), SafeTensor(name: "w", shape: [1], values: [2])], to: target)) {
            XCTAssertEqual(($0 as? SafeTensorsError)?.code, .invalidTensor)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + ".partial"))
    }

    /// A file from a header string and `dataBytes` zero bytes of data.
    func file(header: String, dataBytes: Int, declaredLength: UInt64? = nil) throws -> String {
        let json = Array(header.utf8)
        var bytes = withUnsafeBytes(of: (declaredLength ?? UInt64(json.count)).littleEndian) { Array($0) }
        bytes += json + [UInt8](repeating: 0, count: dataBytes)
        let target = path("crafted-\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    func testReaderRefusesMalformedFilesWithTypedErrors() throws {
        let cases: [(String, Int, UInt64?, SafeTensorsError.Code)] = [
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 8, 1 << 40, .malformedHeader),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]"#, 8, nil, .malformedHeader),
            (#"[1, 2]"#, 0, nil, .malformedHeader),
            (#"{"w":{"dtype":"F32","shape":[2]}}"#, 8, nil, .malformedHeader),
            (#"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, 4, nil, .unsupportedDType),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, 4, nil, .badOffsets),
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, nil, .badOffsets),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, nil, .badOffsets),
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, 8, nil, .badOffsets),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12, nil, .badOffsets),
            (#"{"__metadata__":{"n":1}}"#, 0, nil, .malformedHeader),
        ]
        for (header, dataBytes, declared, code) in cases {
            let target = try file(header: header, dataBytes: dataBytes, declaredLength: declared)
            XCTAssertThrowsError(try SafeTensorsFile(path: target), header) {
                XCTAssertEqual(($0 as? SafeTensorsError)?.code, code, "\(header): \($0)")
            }
        }
        XCTAssertThrowsError(try SafeTensorsFile(path: path("absent.safetensors"))) {
            XCTAssertEqual(($0 as? SafeTensorsError)?.code, .io)
        }
        let valid = try file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8)
        XCTAssertEqual(try SafeTensorsFile(path: valid).tensors, [SafeTensor(name: "w", shape: [2], values: [0, 0])])
    }
}
