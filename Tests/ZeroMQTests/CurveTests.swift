import XCTest

@testable import ZeroMQ

final class CurveTests: XCTestCase {
    func testKeysRoundTripThroughZ85() throws {
        let pair = try CurveKeyPair.generate()
        XCTAssertEqual(pair.publicKey.z85.count, 40)
        XCTAssertEqual(try CurveKey(z85: pair.secretKey.z85), pair.secretKey)
        XCTAssertEqual(try pair.secretKey.derivedPublicKey(), pair.publicKey)
        XCTAssertNotEqual(pair.publicKey, pair.secretKey)
    }

    func testMalformedKeysAreRefused() {
        XCTAssertThrowsError(try CurveKey(z85: "too short")) {
            XCTAssertEqual($0 as? ZeroMQError, ZeroMQError(errno: EINVAL, operation: "CurveKey(z85:)"))
        }
        XCTAssertThrowsError(try CurveKey(z85: String(repeating: "~", count: 40)))
        XCTAssertThrowsError(try CurveKey(bytes: [1, 2, 3]))
    }

    func testOnlyClientWithServerKeyGetsThrough() throws {
        let context = try Context()
        let serverKeys = try CurveKeyPair.generate()
        let server = try Puller(context: context, options: testOptions { $0.curve = .server(keys: serverKeys) })
        let endpoint = try server.bind("tcp://127.0.0.1:*")

        // The impostor trusts the wrong server key, so the handshake fails and its message
        // (sent first) is never delivered; the genuine client's message is.
        let wrongServerKey = try CurveKeyPair.generate().publicKey
        let impostorKeys = try CurveKeyPair.generate()
        let impostor = try Pusher(
            context: context,
            options: testOptions { $0.curve = .client(serverPublicKey: wrongServerKey, keys: impostorKeys) })
        try impostor.connect(endpoint)
        XCTAssertEqual(try impostor.send(frame: bytes("impostor")), .sent)

        let clientKeys = try CurveKeyPair.generate()
        let client = try Pusher(
            context: context,
            options: testOptions { $0.curve = .client(serverPublicKey: serverKeys.publicKey, keys: clientKeys) })
        try client.connect(endpoint)
        XCTAssertEqual(try client.send(frame: bytes("genuine")), .sent)

        XCTAssertEqual(try receiveMessage(server), [bytes("genuine")])
        // Bounded wait for anything else: the impostor must not appear.
        for _ in 0..<5 {
            XCTAssertNotEqual(try server.receive(), .message([bytes("impostor")]))
        }

        for socket: any Socket in [server, impostor, client] { try socket.close(linger: .zero) }
        context.terminate()
    }
}
