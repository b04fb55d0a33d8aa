import XCTest

@testable import ZeroMQ

final class PollerTests: XCTestCase {
    func testReportsOnlyReadableSockets() throws {
        let context = try Context()
        let quiet = try Puller(context: context, options: testOptions())
        try quiet.bind("inproc://quiet")
        let busy = try Puller(context: context, options: testOptions())
        try busy.bind("inproc://busy")
        let pusher = try Pusher(context: context, options: testOptions())
        try pusher.connect("inproc://busy")

        let poller = Poller()
        XCTAssertEqual(poller.register(quiet), 0)
        XCTAssertEqual(poller.register(busy), 1)
        XCTAssertEqual(try poller.poll(timeout: .milliseconds(10)), .timedOut)

        XCTAssertEqual(try pusher.send(frame: bytes("ping")), .sent)
        var outcome = PollOutcome.timedOut
        for _ in 0..<maxAttempts where outcome == .timedOut {
            outcome = try poller.poll(timeout: pollStep)
        }
        XCTAssertEqual(outcome, .ready([[], .readable]))
        XCTAssertEqual(try busy.receive(dontWait: true), .message([bytes("ping")]))

        try quiet.close(linger: .zero)
        XCTAssertThrowsError(try poller.poll(timeout: .zero)) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: ENOTSOCK, operation: "poll"))
        }
        try busy.close(linger: .zero)
        try pusher.close(linger: .zero)
        context.terminate()
    }

    func testWritableReadiness() throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions())
        try puller.bind("inproc://writable")
        let pusher = try Pusher(context: context, options: testOptions())
        let poller = Poller()
        poller.register(pusher, for: .writable)
        // No peer yet: a PUSH cannot send.
        XCTAssertEqual(try poller.poll(timeout: .zero), .timedOut)
        try pusher.connect("inproc://writable")
        XCTAssertEqual(try poller.poll(timeout: .seconds(10)), .ready([.writable]))
        try pusher.close(linger: .zero)
        try puller.close(linger: .zero)
        context.terminate()
    }
}
