import XCTest

@testable import ZeroMQ

final class XPubXSubTests: XCTestCase {
    func testSubscriptionsTravelUpstreamAsMessages() throws {
        let context = try Context()
        let xpub = try XPublisher(context: context, options: testOptions())
        let endpoint = try xpub.bind("tcp://127.0.0.1:*")
        let xsub = try XSubscriber(context: context, options: testOptions())
        try xsub.connect(endpoint)
        XCTAssertEqual(try xsub.subscribe(bytes("seq")), .sent)

        // The publisher sees the subscription as a message: byte 1, then the prefix.
        XCTAssertEqual(try receiveMessage(xpub), [[1] + bytes("seq")])
        XCTAssertEqual(try xpub.send([bytes("seq:1"), [42]]), .sent)
        XCTAssertEqual(try receiveMessage(xsub), [bytes("seq:1"), [42]])

        XCTAssertEqual(try xsub.unsubscribe(bytes("seq")), .sent)
        XCTAssertEqual(try receiveMessage(xpub), [[0] + bytes("seq")])

        try xpub.close(linger: .zero)
        try xsub.close(linger: .zero)
        context.terminate()
    }
}
