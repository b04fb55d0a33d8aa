import Foundation
import XCTest

/// A fresh directory under the system temporary folder, removed by `remove()`; the data
/// reader tests write their small files here.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedfl-data-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `contents` (UTF-8) to `name` and returns the file's path.
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, bytes: Array(contents.utf8))
    }

    /// Writes raw bytes to `name` and returns the file's path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body`, which must throw; returns the error so that the test can check what it
/// names (file, line, field, code), or records a failure when nothing was thrown.
func expectError<Failure: Error>(
    _ body: () throws(Failure) -> Void, file: StaticString = #filePath, line: UInt = #line
) -> Failure? {
    do {
        try body()
    } catch {
        return error
    }
    XCTFail("expected an error, nothing was thrown", file: file, line: line)
    return nil
}
