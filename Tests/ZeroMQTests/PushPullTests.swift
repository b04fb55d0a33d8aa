import XCTest

@testable import ZeroMQ

final class PushPullTests: XCTestCase {
    private let message: [[UInt8]] = [bytes("header"), [], [UInt8](repeating: 7, count: 100_000), [0, 255]]

    /// Sends a multipart message PUSH -> PULL over `endpoint` and checks every frame and
    /// the counters on both ends.
    private func roundTrip(bindTo endpoint: String) throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions())
        let bound = try puller.bind(endpoint)
        let pusher = try Pusher(context: context, options: testOptions())
        try pusher.connect(bound)

        XCTAssertEqual(try pusher.send(message), .sent)
        XCTAssertEqual(try receiveMessage(puller), message)

        let payload = UInt64(message.reduce(0) { $0 + $1.count })
        XCTAssertEqual(pusher.counters.messagesSent, 1)
        XCTAssertEqual(pusher.counters.bytesSent, payload)
        XCTAssertEqual(puller.counters.messagesReceived, 1)
        XCTAssertEqual(puller.counters.bytesReceived, payload)

        try pusher.close(linger: .zero)
        try puller.close(linger: .zero)
        context.terminate()
        XCTAssertTrue(context.isTerminated)
    }

    func testInprocRoundTrip() throws {
        try roundTrip(bindTo: "inproc://push-pull-\(UUID().uuidString)")
    }

    func testIPCRoundTrip() throws {
        let directory = try temporaryDirectory(for: self)
        try roundTrip(bindTo: "ipc://\(directory.path)/push-pull.sock")
    }

    func testTCPRoundTripOnWildcardPort() throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions())
        let bound = try puller.bind("tcp://127.0.0.1:*")
        XCTAssertTrue(bound.hasPrefix("tcp://127.0.0.1:"))
        XCTAssertFalse(bound.hasSuffix(":*"), "the wildcard port must be resolved: \(bound)")
        XCTAssertEqual(try puller.lastEndpoint, bound)
        try puller.close(linger: .zero)
        try roundTrip(bindTo: "tcp://127.0.0.1:*")
    }

    func testReceiveTimeoutReturnsWouldBlock() throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions())
        try puller.bind("inproc://nobody-sends")
        XCTAssertEqual(try puller.receive(), .wouldBlock)
        XCTAssertEqual(try puller.receive(dontWait: true), .wouldBlock)
        XCTAssertEqual(puller.counters, SocketCounters())
        try puller.close(linger: .zero)
        context.terminate()
    }

    func testPushWithoutPeerWouldBlock() throws {
        let context = try Context()
        let pusher = try Pusher(context: context, options: testOptions())
        XCTAssertEqual(try pusher.send(frame: bytes("lost"), dontWait: true), .wouldBlock)
        XCTAssertEqual(pusher.counters.messagesSent, 0)
        try pusher.close(linger: .zero)
        context.terminate()
    }

    func testOptionsAreAppliedAtCreation() throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions { $0.maxMessageSize = 4096 })
        XCTAssertEqual(try puller.maxMessageSize, 4096)
        XCTAssertEqual(try puller.lingerMilliseconds, 0)
        try puller.close(linger: .zero)
        context.terminate()
    }
}
