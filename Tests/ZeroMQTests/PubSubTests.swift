import XCTest

@testable import ZeroMQ

final class PubSubTests: XCTestCase {
    func testPrefixFilterDeliversOnlyMatchingTopics() throws {
        let context = try Context()
        let publisher = try Publisher(context: context, options: testOptions())
        let endpoint = try publisher.bind("tcp://127.0.0.1:*")
        let subscriber = try Subscriber(context: context, options: testOptions())
        try subscriber.connect(endpoint)
        try subscriber.subscribe("weather.")

        // Slow joiner: the subscription reaches the publisher asynchronously, so publish
        // both topics until the matching one arrives; the other must never arrive.
        var received: [[UInt8]]?
        for _ in 0..<maxAttempts where received == nil {
            XCTAssertEqual(try publisher.send([bytes("sports.score"), bytes("3-1")]), .sent)
            XCTAssertEqual(try publisher.send([bytes("weather.oslo"), bytes("rain")]), .sent)
            switch try subscriber.receive() {
            case .message(let frames): received = frames
            case .wouldBlock: continue
            default: XCTFail("unexpected outcome")
            }
        }
        XCTAssertEqual(received, [bytes("weather.oslo"), bytes("rain")])

        // Drain whatever else was published; every message must match the prefix.
        while case .message(let frames) = try subscriber.receive(dontWait: true) {
            XCTAssertEqual(frames.first, bytes("weather.oslo"))
        }
        try subscriber.unsubscribe("weather.")
        try publisher.close(linger: .zero)
        try subscriber.close(linger: .zero)
        context.terminate()
    }
}
