import XCTest

@testable import ZeroMQ

final class RouterDealerTests: XCTestCase {
    func testRequestReplyCarriesIdentities() throws {
        let context = try Context()
        let router = try Router(context: context, options: testOptions())
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let alice = try Dealer(context: context, routingID: bytes("alice"), options: testOptions())
        let bob = try Dealer(context: context, routingID: bytes("bob"), options: testOptions())
        XCTAssertEqual(try alice.routingID, bytes("alice"))
        try alice.connect(endpoint)
        try bob.connect(endpoint)

        XCTAssertEqual(try alice.send([bytes("hello"), bytes("from alice")]), .sent)
        XCTAssertEqual(try bob.send(frame: bytes("hello from bob")), .sent)

        var requests: [RoutedMessage] = []
        for _ in 0..<maxAttempts where requests.count < 2 {
            if case .message(let request) = try router.receiveRouted() { requests.append(request) }
        }
        XCTAssertEqual(
            Set(requests.map(\.identity)), [bytes("alice"), bytes("bob")], "each request names its sender")
        let fromAlice = try XCTUnwrap(requests.first { $0.identity == bytes("alice") })
        XCTAssertEqual(fromAlice.frames, [bytes("hello"), bytes("from alice")])

        // Replies are routed by identity: each dealer gets only its own.
        XCTAssertEqual(try router.send(to: bytes("bob"), [bytes("reply to bob")]), .sent)
        XCTAssertEqual(try router.send(to: bytes("alice"), [bytes("reply"), bytes("to alice")]), .sent)
        XCTAssertEqual(try receiveMessage(alice), [bytes("reply"), bytes("to alice")])
        XCTAssertEqual(try receiveMessage(bob), [bytes("reply to bob")])

        // The identity frame is counted: it crosses the wire.
        XCTAssertEqual(router.counters.messagesSent, 2)
        let expectedBytes: UInt64 = 3 + 12 + 5 + 5 + 8  // "bob" + reply, "alice" + reply
        XCTAssertEqual(router.counters.bytesSent, expectedBytes)

        for socket: any Socket in [router, alice, bob] { try socket.close(linger: .zero) }
        context.terminate()
    }

    func testMandatoryRouterRefusesUnknownPeer() throws {
        let context = try Context()
        let router = try Router(context: context, options: testOptions())
        try router.bind("inproc://router-mandatory")
        XCTAssertThrowsError(try router.send(to: bytes("nobody"), [bytes("lost")])) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: EHOSTUNREACH, operation: "send"))
        }
        try router.close(linger: .zero)
        context.terminate()
    }
}
