import Foundation
import SeedFLWire
import XCTest
import ZeroMQ

@testable import SeedFLNode

/// The forwarder role passes the broker's broadcast from its PUB, through XSUB/XPUB, to a SUB.
final class ForwarderRoleTests: XCTestCase {
    func testRoundOpenPassesFromPublisherToSubscriber() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run()
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat(), forwarder: true)
        let context = try Context()
        defer { context.terminate() }
        let options = SocketDefaults.options(maxFrameBytes: 1 << 16)
        let publisher = try Publisher(context: context, options: options)
        defer { try? publisher.close(linger: .zero) }
        _ = try publisher.bind(deployment.broker.publish.bind)

        let forwarder = try BroadcastForwarder(deployment: deployment, maxFrameBytes: 1 << 16)
        let role = HarnessRoleThread<RoleStatus> { stop in try forwarder.run(pollInterval: .milliseconds(20), stop: stop) }
        let subscriber = try Subscriber(context: context, options: options)
        defer { try? subscriber.close(linger: .zero) }
        try subscriber.subscribe([UInt8]())
        try subscriber.connect(try XCTUnwrap(deployment.forwarder?.backend.connect))

        let open = AggregatorHarness.roundOpen(run: run, round: 3, participants: [0, 2])
        let poller = Poller()
        poller.register(subscriber)
        var received: Message?
        // Publish until the subscription has travelled SUB -> XPUB -> XSUB -> PUB.
        for _ in 0..<harnessAttempts where received == nil {
            _ = try publisher.send(frame: Message.roundOpen(open).encode())
            if case .ready = try poller.poll(timeout: .milliseconds(50)),
               case .message(let frames) = try subscriber.receive(dontWait: true), frames.count == 1 {
                received = try Message.decode(frames[0])
            }
        }
        XCTAssertEqual(received, .roundOpen(open))
        let running = try RoleStatus.read(from: RoleStatus.path(runDirectory: dir, role: "forwarder"))
        XCTAssertEqual(running.done, false)
        XCTAssertEqual(running.role, "forwarder")

        let final = try role.finish()
        XCTAssertEqual(final.done, true)
        XCTAssertEqual(try RoleStatus.read(from: RoleStatus.path(runDirectory: dir, role: "forwarder")), final)
    }

    func testTopologyWithoutForwarderIsAnError() throws {
        let deployment = AggregatorHarness.deployment(directory: "/tmp/unused", aggregators: AggregatorHarness.flat())
        XCTAssertThrowsError(try BroadcastForwarder(deployment: deployment, maxFrameBytes: 1 << 16)) { error in
            XCTAssertTrue("\(error)".contains("no forwarder"), "\(error)")
        }
    }
}
