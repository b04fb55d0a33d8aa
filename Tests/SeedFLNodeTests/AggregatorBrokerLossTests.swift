import Foundation
import SeedFLCore
import SeedFLWire
import XCTest
import ZeroMQ

@testable import SeedFLNode

/// An aggregator whose broker fell silent (killed, restarting) stops heartbeating until the
/// broadcast speaks again. Otherwise a restarted broker would count it live, and open a round,
/// before the aggregator's subscription to the new PUB socket delivers: the aggregator would
/// miss that ROUND_OPEN and drop the round's contributions as `future`.
final class AggregatorBrokerLossTests: XCTestCase {
    private func heartbeats(from control: Router, polls: Int) throws -> Int {
        let poller = Poller()
        poller.register(control)
        var count = 0
        for _ in 0..<polls {
            guard case .ready = try poller.poll(timeout: .milliseconds(20)) else { continue }
            while case .message(let routed) = try control.receiveRouted(dontWait: true) {
                if routed.frames.count == 1, case .heartbeat(let beat)? = try? Message.decode(routed.frames[0]),
                   beat.role == .aggregator { count += 1 }
            }
        }
        return count
    }

    func testHeartbeatsWaitForTheBroadcastAfterTheBrokerFallsSilent() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run()
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let window = deployment.broker.heartbeatMilliseconds * deployment.broker.liveness
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        defer { _ = try? role.finish() }

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 1, participants: [0, 1, 2, 3]), to: [0])
        // The broker says nothing for three liveness windows: the aggregator must notice.
        _ = try heartbeats(from: broker.control, polls: 3 * window / 20)
        XCTAssertEqual(try heartbeats(from: broker.control, polls: 2 * window / 20), 0,
                       "no heartbeat while the broker's broadcast is silent")
        // The broker speaks again: heartbeats resume.
        var resumed = 0
        for _ in 0..<harnessAttempts where resumed == 0 {
            try broker.publish(.heartbeat(Heartbeat(role: .broker, senderID: 0, runID: run.seed, latestSequence: 0,
                                                    round: 0, unixTimeMilliseconds: 0)))
            resumed = try heartbeats(from: broker.control, polls: 3)
        }
        XCTAssertGreaterThan(resumed, 0)
    }
}
