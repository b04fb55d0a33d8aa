import Foundation
import XCTest

@testable import ZeroMQ

/// Receive timeout for test sockets: short enough to keep loops quick, long enough that a
/// message already on its way is normally caught. Tests loop on it, never assert on time.
let pollStep = Duration.milliseconds(100)

/// Upper bound on retries in slow-joiner and reconnect loops: 100 steps of `pollStep`
/// (about 10 s) before a test gives up and fails, instead of hanging.
let maxAttempts = 100

/// Options for a test socket: bounded receive and send waits, no linger.
func testOptions(_ configure: (inout SocketOptions) -> Void = { _ in }) -> SocketOptions {
    var options = SocketOptions(linger: .zero, sendTimeout: .seconds(5), receiveTimeout: pollStep)
    configure(&options)
    return options
}

/// A fresh directory for ipc endpoints, removed by the test's teardown block.
func temporaryDirectory(for test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("zeromq-tests-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Receives until a message arrives or `maxAttempts` receive timeouts pass.
func receiveMessage<S: ReceivingSocket>(
    _ socket: S, file: StaticString = #filePath, line: UInt = #line
) throws -> [[UInt8]]? {
    for _ in 0..<maxAttempts {
        switch try socket.receive() {
        case .message(let frames): return frames
        case .wouldBlock, .interrupted: continue
        case .terminated, .rejected:
            XCTFail("unexpected receive outcome", file: file, line: line)
            return nil
        }
    }
    XCTFail("no message within \(maxAttempts) attempts", file: file, line: line)
    return nil
}

/// The UTF-8 bytes of `text`, for readable frames.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
