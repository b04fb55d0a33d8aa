import XCTest

@testable import ZeroMQ

final class ForwarderTests: XCTestCase {
    private func wildcardConfiguration() -> ForwarderConfiguration {
        ForwarderConfiguration(
            frontend: [.bind("tcp://127.0.0.1:*")], backend: [.bind("tcp://127.0.0.1:*")],
            frontendOptions: testOptions { $0.maxMessageSize = 1 << 20 }, backendOptions: testOptions())
    }

    func testForwardsPublisherToSubscriberAndStopsOnCommand() throws {
        let context = try Context()
        let forwarder = try Forwarder(context: context, configuration: wildcardConfiguration())
        XCTAssertTrue(forwarder.isRunning)
        let publisher = try Publisher(context: context, options: testOptions())
        try publisher.connect(forwarder.frontendEndpoints[0])
        let subscriber = try Subscriber(context: context, options: testOptions())
        try subscriber.connect(forwarder.backendEndpoints[0])
        try subscriber.subscribe("round.")

        // The subscription travels SUB -> XPUB -> XSUB -> PUB; publish until it has.
        var received: [[UInt8]]?
        for _ in 0..<maxAttempts where received == nil {
            XCTAssertEqual(try publisher.send([bytes("noise"), [0]]), .sent)
            XCTAssertEqual(try publisher.send([bytes("round.7"), [1, 2, 3]]), .sent)
            received = try subscriber.receive().message
        }
        XCTAssertEqual(received, [bytes("round.7"), [1, 2, 3]])

        XCTAssertEqual(forwarder.terminate(), .stopped)
        XCTAssertFalse(forwarder.isRunning)
        XCTAssertEqual(forwarder.terminate(), .stopped, "terminate is idempotent")

        try publisher.close(linger: .zero)
        try subscriber.close(linger: .zero)
        context.terminate()  // returns only if the forwarder closed all of its sockets
        XCTAssertTrue(context.isTerminated)
    }

    /// `STATISTICS` counts what crossed each side: the forwarded frames on both, the
    /// subscription upstream.
    func testStatisticsCountWhatCrossedEachSide() throws {
        let context = try Context()
        let forwarder = try Forwarder(context: context, configuration: wildcardConfiguration())
        let publisher = try Publisher(context: context, options: testOptions())
        try publisher.connect(forwarder.frontendEndpoints[0])
        let subscriber = try Subscriber(context: context, options: testOptions())
        try subscriber.connect(forwarder.backendEndpoints[0])
        try subscriber.subscribe("")
        XCTAssertEqual(forwarder.statistics()?.backend.bytesSent, 0, "nothing forwarded yet")
        var received = 0
        for _ in 0..<maxAttempts where received == 0 {
            XCTAssertEqual(try publisher.send([[7, 7, 7, 7, 7]]), .sent)
            if try subscriber.receive().message != nil { received += 1 }
        }
        // Frames sent before the subscription arrived were dropped by the publisher; count
        // the ones the subscriber got and the rest after it.
        let published = 20
        for _ in 0..<published { XCTAssertEqual(try publisher.send([[1, 2, 3]]), .sent) }
        for _ in 0..<published { XCTAssertEqual(try subscriber.receive().message, [[1, 2, 3]]) }
        let s = try XCTUnwrap(forwarder.statistics())
        XCTAssertEqual(s.frontend.messagesReceived, UInt64(received + published))
        XCTAssertEqual(s.frontend.bytesReceived, UInt64(5 * received + 3 * published))
        XCTAssertEqual(s.backend.messagesSent, s.frontend.messagesReceived)
        XCTAssertEqual(s.backend.bytesSent, s.frontend.bytesReceived)
        XCTAssertEqual(s.backend.messagesReceived, 1, "the one subscription")
        XCTAssertEqual(s.frontend.messagesSent, 1, "passed upstream")
        XCTAssertEqual(forwarder.terminate(), .stopped)
        XCTAssertNil(forwarder.statistics(), "a stopped proxy has none")
        try publisher.close(linger: .zero)
        try subscriber.close(linger: .zero)
        context.terminate()
    }

    func testContextShutdownStopsForwarder() throws {
        let context = try Context()
        let forwarder = try Forwarder(context: context, configuration: wildcardConfiguration())
        context.shutdown()
        XCTAssertEqual(forwarder.terminate(), .contextTerminated)
        context.terminate()
    }

    func testReleasingForwarderStopsItsThread() throws {
        let context = try Context()
        do {
            let forwarder = try Forwarder(context: context, configuration: wildcardConfiguration())
            XCTAssertTrue(forwarder.isRunning)
        }
        // deinit sent TERMINATE without waiting; terminate returns once the forwarding
        // thread has closed its sockets, and hangs if it never stopped.
        context.terminate()
        XCTAssertTrue(context.isTerminated)
    }

    func testAttachFailureIsReportedAndCleansUp() throws {
        let context = try Context()
        let configuration = ForwarderConfiguration(
            frontend: [.bind("tcp://127.0.0.1:*")], backend: [.bind("carrier-pigeon://loft")])
        XCTAssertThrowsError(try Forwarder(context: context, configuration: configuration)) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: EPROTONOSUPPORT, operation: "bind"))
        }
        context.terminate()  // hangs if the failed forwarder leaked a socket
    }
}
