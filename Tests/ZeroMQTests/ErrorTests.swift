import XCTest

@testable import ZeroMQ

final class ErrorTests: XCTestCase {
    func testBindToUnknownTransportCarriesErrno() throws {
        let context = try Context()
        let puller = try Puller(context: context, options: testOptions())
        XCTAssertThrowsError(try puller.bind("carrier-pigeon://loft")) { error in
            let zmqError = error as? ZeroMQError
            XCTAssertEqual(zmqError?.operation, "bind")
            XCTAssertEqual(zmqError?.errno, EPROTONOSUPPORT)
            XCTAssertEqual(zmqError?.description.contains("Protocol not supported"), true, "\(error)")
        }
        XCTAssertThrowsError(try puller.bind("tcp://")) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "bind"))
        }
        try puller.close(linger: .zero)
        context.terminate()
    }

    func testClosedSocketThrowsNotASocket() throws {
        let context = try Context()
        let pusher = try Pusher(context: context, options: testOptions())
        try pusher.close(linger: .zero)
        try pusher.close(linger: .zero)  // idempotent
        XCTAssertTrue(pusher.isClosed)
        XCTAssertThrowsError(try pusher.send(frame: [1])) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: ENOTSOCK, operation: "send"))
        }
        XCTAssertThrowsError(try pusher.connect("tcp://127.0.0.1:1")) { error in
            XCTAssertEqual((error as? ZeroMQError)?.operation, "connect")
        }
        context.terminate()
    }

    func testEmptyMessageIsRefused() throws {
        let context = try Context()
        let pusher = try Pusher(context: context, options: testOptions())
        XCTAssertThrowsError(try pusher.send([])) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "send"))
        }
        try pusher.close(linger: .zero)
        context.terminate()
    }

    func testInvalidOptionValuesAreTypedErrors() throws {
        let context = try Context()
        XCTAssertThrowsError(try Puller(context: context, options: SocketOptions(receiveTimeout: .seconds(-1)))) {
            XCTAssertEqual($0 as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "setsockopt(ZMQ_RCVTIMEO)"))
        }
        XCTAssertThrowsError(try Dealer(context: context, routingID: [])) {
            XCTAssertEqual($0 as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "setsockopt(ZMQ_ROUTING_ID)"))
        }
        context.terminate()
    }

    func testSocketOnTerminatedContextIsRefused() throws {
        let context = try Context()
        context.terminate()
        XCTAssertThrowsError(try Pusher(context: context)) { error in
            XCTAssertEqual(error as? ZeroMQError, ZeroMQError(errno: ZeroMQError.terminated, operation: "zmq_socket"))
        }
    }
}
