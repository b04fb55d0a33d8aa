import Foundation
import XCTest

@testable import ZeroMQ

final class LifecycleTests: XCTestCase {
    func testCloseWithZeroLingerDropsQueuedMessagesAndTerminates() throws {
        let context = try Context()
        // An endpoint that nobody listens on any more: bind, learn the port, close.
        let probe = try Puller(context: context, options: testOptions())
        let deadEndpoint = try probe.bind("tcp://127.0.0.1:*")
        try probe.close(linger: .zero)

        let pusher = try Pusher(context: context, options: testOptions())
        try pusher.connect(deadEndpoint)
        // Queued to the pending connection; it can never be delivered.
        XCTAssertEqual(try pusher.send(frame: bytes("undeliverable")), .sent)
        try pusher.close(linger: .zero)
        context.terminate()  // would wait for ever with libzmq's default infinite linger
        XCTAssertTrue(context.isTerminated)
    }

    func testShutdownWakesReceiverBlockedInAnotherThread() throws {
        let context = try Context()
        let ready = Latch<Bool>()
        let done = Latch<ReceiveOutcome<[[UInt8]]>?>()
        let thread = Thread {
            // Created on the thread that uses it; waits with no timeout.
            guard let puller = try? Puller(context: context, options: SocketOptions(linger: .zero)),
                (try? puller.bind("inproc://blocked")) != nil
            else {
                ready.set(false)
                done.set(nil)
                return
            }
            ready.set(true)
            let outcome = try? puller.receive()
            try? puller.close(linger: .zero)
            done.set(outcome)
        }
        thread.start()
        XCTAssertTrue(ready.wait())
        context.shutdown()
        XCTAssertEqual(done.wait(), .terminated)
        context.terminate()
        XCTAssertTrue(context.isTerminated)
    }

    func testTerminateAfterClosingManySocketKinds() throws {
        let context = try Context()
        let sockets: [any Socket] = [
            try Publisher(context: context), try Subscriber(context: context),
            try XPublisher(context: context), try XSubscriber(context: context),
            try Router(context: context), try Dealer(context: context),
            try Pusher(context: context), try Puller(context: context),
        ]
        for (index, socket) in sockets.enumerated() {
            try socket.bind("inproc://kind-\(index)")
            XCTAssertTrue(socket.context === context, "sockets retain their context")
        }
        for socket in sockets { try socket.close(linger: .zero) }
        context.terminate()
        XCTAssertTrue(context.isTerminated)
        context.terminate()  // idempotent
    }
}
