import Foundation
import XCTest

@testable import ZeroMQ

/// CURVE with a ZAP handler between real sockets over ipc: who gets in, who does not, and
/// what a receiver learns about the sender.
final class AuthenticationTests: XCTestCase {
    private var server = try! CurveKeyPair.generate()
    private var alice = try! CurveKeyPair.generate()
    private var mallory = try! CurveKeyPair.generate()

    /// A PULL server in `domain` on ipc, with `policy` as the context's ZAP handler.
    private func makeServer(_ context: Context, domain: String = "contributions") throws -> (Puller, String) {
        let puller = try Puller(context: context, options: testOptions {
            $0.curve = .server(keys: server)
            $0.authenticationDomain = domain
        })
        let directory = try temporaryDirectory(for: self)
        return (puller, try puller.bind("ipc://\(directory.path)/server"))
    }

    private func makeClient(_ context: Context, keys: CurveKeyPair?, endpoint: String) throws -> Pusher {
        let pusher = try Pusher(context: context, options: testOptions {
            if let keys { $0.curve = .client(serverPublicKey: server.publicKey, keys: keys) }
        })
        try pusher.connect(endpoint)
        return pusher
    }

    /// Alice's key admitted as "trainer-1"; anything else refused.
    private func policy() -> @Sendable (ZAPRequest) -> ZAPDecision {
        let allowed = alice.publicKey
        return { request in
            request.domain == "contributions" && request.publicKey == allowed
                ? .allow(userID: "trainer-1") : .deny(reason: "not on the allow-list")
        }
    }

    /// Waits (bounded) until the handler has refused `count` handshakes.
    private func waitForDenials(_ handler: ZAPHandler, _ count: Int) {
        for _ in 0..<maxAttempts where handler.decisions.denied < count { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertGreaterThanOrEqual(handler.decisions.denied, count)
    }

    func testAdmittedPeerCarriesItsBoundIdentityAndKey() throws {
        let context = try Context()
        let handler = try ZAPHandler(context: context, policy: policy())
        let (puller, endpoint) = try makeServer(context)
        let pusher = try makeClient(context, keys: alice, endpoint: endpoint)
        XCTAssertEqual(try pusher.send(frame: bytes("hello")), .sent)
        XCTAssertEqual(try receiveMessage(puller), [bytes("hello")])
        XCTAssertEqual(puller.lastSender, AuthenticatedPeer(userID: "trainer-1", publicKey: alice.publicKey.z85))
        XCTAssertEqual(handler.decisions, ZAPHandler.Counts(allowed: 1, denied: 0))
        for s in [pusher, puller] as [any Socket] { try s.close(linger: .zero) }
        handler.stop()
        context.terminate()
    }

    /// An unknown key and a plaintext peer both send first; only Alice's later message
    /// arrives, and the monitor saw the refusals.
    func testUnknownKeyAndPlaintextPeerAreRefused() throws {
        let context = try Context()
        let handler = try ZAPHandler(context: context, policy: policy())
        let (puller, endpoint) = try makeServer(context)
        let monitor = try SocketMonitor(watching: puller)
        let intruder = try makeClient(context, keys: mallory, endpoint: endpoint)
        _ = try intruder.send(frame: bytes("forged"), dontWait: true)
        waitForDenials(handler, 1)
        let plaintext = try makeClient(context, keys: nil, endpoint: endpoint)
        _ = try plaintext.send(frame: bytes("plaintext"), dontWait: true)

        var failures = 0
        for _ in 0..<maxAttempts where failures < 2 {
            if case .message(let frames) = try monitor.receive(), SocketMonitor.event(from: frames)?.isHandshakeFailure == true {
                failures += 1
            }
        }
        XCTAssertEqual(failures, 2, "both refusals reach the monitor")

        let friend = try makeClient(context, keys: alice, endpoint: endpoint)
        XCTAssertEqual(try friend.send(frame: bytes("genuine")), .sent)
        XCTAssertEqual(try receiveMessage(puller), [bytes("genuine")], "nothing from the refused peers came first")
        XCTAssertEqual(handler.decisions.denied, 1, "the plaintext peer never reaches ZAP: the mechanisms differ")
        for s in [intruder, plaintext, friend, puller, monitor] as [any Socket] { try s.close(linger: .zero) }
        handler.stop()
        context.terminate()
    }

    /// With the domain enforced, a CURVE server whose context has no handler admits nobody
    /// (libzmq would otherwise fall back to admitting every key).
    func testNoHandlerMeansNoEntry() throws {
        let context = try Context()
        let (puller, endpoint) = try makeServer(context)
        let monitor = try SocketMonitor(watching: puller)
        let pusher = try makeClient(context, keys: alice, endpoint: endpoint)
        _ = try pusher.send(frame: bytes("hello"), dontWait: true)
        var refused = false
        for _ in 0..<maxAttempts where !refused {
            if case .message(let frames) = try monitor.receive() { refused = SocketMonitor.event(from: frames)?.isHandshakeFailure == true }
        }
        XCTAssertTrue(refused)
        XCTAssertEqual(try puller.receive(dontWait: true), .wouldBlock)
        for s in [pusher, puller, monitor] as [any Socket] { try s.close(linger: .zero) }
        context.terminate()
    }

    func testMalformedRequestsGetAnInternalError() {
        let allowAll: (ZAPRequest) -> ZAPDecision = { _ in .allow(userID: "x") }
        XCTAssertEqual(ZAPHandler.answer([], policy: allowAll).frames[2], bytes("500"))
        let badKey = [bytes("1.0"), bytes("7"), bytes("d"), bytes(""), bytes(""), bytes("CURVE"), [1, 2, 3]]
        let answer = ZAPHandler.answer(badKey, policy: allowAll)
        XCTAssertFalse(answer.isAllowed)
        XCTAssertEqual(answer.frames[1], bytes("7"), "the request id is echoed")
    }
}
