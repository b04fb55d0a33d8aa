import XCTest

@testable import ZeroMQ

final class MessageLimitTests: XCTestCase {
    func testOversizedFrameIsDroppedAndNewConnectionStillWorks() throws {
        let context = try Context()
        let limit = 1024
        let puller = try Puller(context: context, options: testOptions { $0.maxMessageSize = Int64(limit) })
        let endpoint = try puller.bind("tcp://127.0.0.1:*")

        let offender = try Pusher(context: context, options: testOptions())
        try offender.connect(endpoint)
        XCTAssertEqual(try offender.send(frame: [UInt8](repeating: 0xAB, count: 2 * limit)), .sent)

        // libzmq drops the offender's connection while decoding; a new, well-behaved peer
        // must still get through, and the oversized frame must never surface.
        let honest = try Pusher(context: context, options: testOptions())
        try honest.connect(endpoint)
        XCTAssertEqual(try honest.send(frame: bytes("small")), .sent)

        var gotSmall = false
        for _ in 0..<maxAttempts where !gotSmall {
            switch try puller.receive() {
            case .message(let frames):
                XCTAssertTrue(frames.allSatisfy { $0.count <= limit }, "an oversized frame was delivered")
                gotSmall = frames == [bytes("small")]
            case .wouldBlock: continue
            default: XCTFail("unexpected outcome")
            }
        }
        XCTAssertTrue(gotSmall)
        XCTAssertEqual(try puller.receive(dontWait: true), .wouldBlock)

        for socket: any Socket in [puller, offender, honest] { try socket.close(linger: .zero) }
        context.terminate()
    }

    func testFrameAndByteCapsRejectWholeMessage() throws {
        let context = try Context()
        let limits = MessageLimits(maxFrames: 3, maxBytes: 100)
        let puller = try Puller(context: context, options: testOptions { $0.messageLimits = limits })
        try puller.bind("inproc://limits")
        let pusher = try Pusher(context: context, options: testOptions())
        try pusher.connect("inproc://limits")

        let tooManyFrames = [[UInt8]](repeating: [1, 2], count: 5)
        let tooManyBytes = [[UInt8](repeating: 9, count: 60), [UInt8](repeating: 9, count: 60)]
        let fine = [[UInt8](repeating: 3, count: 50), [4], [5]]
        for message in [tooManyFrames, tooManyBytes, fine] {
            XCTAssertEqual(try pusher.send(message), .sent)
        }

        XCTAssertEqual(
            try puller.receive(), .rejected(MessageLimitViolation(frames: 5, bytes: 10, limits: limits)))
        XCTAssertEqual(
            try puller.receive(), .rejected(MessageLimitViolation(frames: 2, bytes: 120, limits: limits)))
        // The rejected messages were drained completely: the next message is intact.
        XCTAssertEqual(try puller.receive(), .message(fine))

        XCTAssertEqual(puller.counters.messagesRejected, 2)
        XCTAssertEqual(puller.counters.messagesReceived, 1)
        XCTAssertEqual(puller.counters.bytesReceived, 10 + 120 + 52)

        try pusher.close(linger: .zero)
        try puller.close(linger: .zero)
        context.terminate()
    }
}
