import CZeroMQ
import XCTest

@testable import ZeroMQ

final class SocketOptionsTests: XCTestCase {
    /// Every option reaches libzmq under the right name and unit (read back with getsockopt).
    func testEveryOptionIsAppliedAtCreation() throws {
        let context = try Context()
        let keys = try CurveKeyPair.generate()
        let options = SocketOptions(
            linger: .milliseconds(250), sendHighWaterMark: 11, receiveHighWaterMark: 12,
            sendTimeout: .milliseconds(1300), receiveTimeout: .milliseconds(1400),
            maxMessageSize: 65_536, immediate: true,
            reconnectInterval: .milliseconds(150), reconnectIntervalMax: .seconds(3),
            heartbeatInterval: .seconds(2), heartbeatTimeout: .seconds(7), heartbeatTTL: .seconds(9),
            curve: .server(keys: keys))
        let dealer = try Dealer(context: context, options: options)
        let core = dealer.core
        let expected: [(Int32, String, Int32)] = [
            (ZMQ_LINGER, "linger", 250), (ZMQ_SNDHWM, "sndhwm", 11), (ZMQ_RCVHWM, "rcvhwm", 12),
            (ZMQ_SNDTIMEO, "sndtimeo", 1300), (ZMQ_RCVTIMEO, "rcvtimeo", 1400), (ZMQ_IMMEDIATE, "immediate", 1),
            (ZMQ_RECONNECT_IVL, "reconnect", 150), (ZMQ_RECONNECT_IVL_MAX, "reconnect max", 3000),
            (ZMQ_HEARTBEAT_IVL, "hb ivl", 2000), (ZMQ_HEARTBEAT_TIMEOUT, "hb timeout", 7000),
            (ZMQ_HEARTBEAT_TTL, "hb ttl", 9000), (ZMQ_CURVE_SERVER, "curve server", 1),
        ]
        for (name, label, value) in expected {
            XCTAssertEqual(try core.intOption(name, label), value, label)
        }
        XCTAssertEqual(try dealer.maxMessageSize, 65_536)
        XCTAssertEqual(try core.bytesOption(ZMQ_CURVE_SECRETKEY, "secret", capacity: 32), keys.secretKey.bytes)
        XCTAssertEqual(try core.bytesOption(ZMQ_CURVE_PUBLICKEY, "public", capacity: 32), keys.publicKey.bytes)
        try dealer.close(linger: .zero)
        context.terminate()
    }

    func testUnsetLingerMeansZeroNotInfinite() throws {
        let context = try Context()
        let pusher = try Pusher(context: context)
        XCTAssertEqual(try pusher.lingerMilliseconds, 0)
        try pusher.close(linger: .zero)
        context.terminate()
    }

    func testDurationsAreCheckedBeforeReachingLibzmq() {
        XCTAssertEqual(try Duration.milliseconds(1500).zmqMilliseconds(for: "x"), 1500)
        XCTAssertEqual(try Duration.microseconds(999).zmqMilliseconds(for: "x"), 0)
        XCTAssertThrowsError(try Duration.seconds(3_000_000).zmqMilliseconds(for: "x")) {
            XCTAssertEqual($0 as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "x"))
        }
        XCTAssertThrowsError(try Duration.milliseconds(-1).zmqMilliseconds(for: "x"))
    }
}
