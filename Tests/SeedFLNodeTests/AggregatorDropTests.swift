import Foundation
import SeedFLCore
import SeedFLWire
import XCTest

@testable import SeedFLNode

/// Everything an aggregator must refuse is counted under its reason and left out of the
/// aggregate; nothing a peer sends stops it.
final class AggregatorDropTests: XCTestCase {
    func testRefusedMessagesAreCountedAndExcluded() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 4)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        let statusPath = RoleStatus.path(runDirectory: dir, role: "aggregator-root")

        let round: UInt64 = 5, base: UInt64 = 7
        try broker.announce(AggregatorHarness.roundOpen(run: run, round: round, participants: [0, 1, 2], baseSequence: base),
                            to: [0])
        func valid(_ trainer: UInt32, salt: UInt64 = 0) -> Contribution {
            AggregatorHarness.contribution(run: run, round: round, trainer: trainer, baseSequence: base, salt: salt)
        }
        // One PUSH socket, so the aggregator reads these in exactly this order.
        let mallory = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)
        try mallory.send(frames: [[1, 2, 3]])
        try mallory.send(frames: [valid(0).encodedFrame, valid(0).encodedFrame])
        var wrongRun = valid(0)
        wrongRun.runID &+= 1
        try mallory.send(.contribution(wrongRun))
        try mallory.send(.contribution(AggregatorHarness.contribution(run: run, round: round, trainer: 3, baseSequence: base)))
        try mallory.send(.contribution(AggregatorHarness.contribution(run: run, round: round - 1, trainer: 0, baseSequence: base)))
        try mallory.send(.contribution(AggregatorHarness.contribution(run: run, round: round + 4, trainer: 0, baseSequence: base)))
        try mallory.send(.contribution(AggregatorHarness.contribution(run: run, round: round, trainer: 0, baseSequence: base - 1)))
        var reshaped = valid(0)
        (reshaped.k, reshaped.p) = (1, 6)
        try mallory.send(.contribution(reshaped))
        try mallory.send(.aggregate(Aggregate(runID: run.seed, round: round, k: 2, p: 3, contributors: [0], kind: .final,
                                              mode: .seedScalars, values: [Double](repeating: 1, count: 6), baseLoss: 1,
                                              exampleCount: 1)))
        try mallory.send(.heartbeat(Heartbeat(role: .trainer, senderID: 0, runID: run.seed, latestSequence: 0, round: round,
                                              unixTimeMilliseconds: 0)))
        let accepted = [valid(0), valid(1), valid(2)]
        try mallory.send(.contribution(accepted[0]))
        try mallory.send(.contribution(valid(0, salt: 99)))
        try mallory.send(.contribution(accepted[1]))
        try mallory.send(.contribution(accepted[2]))

        let aggregate = try XCTUnwrap(try broker.nextAggregate())
        XCTAssertEqual(aggregate.contributors, [0, 1, 2])
        XCTAssertEqual(aggregate.values.map { Float($0).bitPattern },
                       AggregatorHarness.reference(accepted, rule: .mean).scalars.map(\.bitPattern))

        try mallory.send(.contribution(valid(1)))
        XCTAssertNotNil(AggregatorHarness.waitForStatus(statusPath) { $0.drops?["late"] == 1 })
        let status = try role.finish()
        XCTAssertEqual(status.drops, [
            "malformed": 1, "frame-count": 1, "wrong-run": 1, "not-participant": 1, "stale": 1, "future": 1,
            "wrong-base": 1, "shape": 1, "unexpected-kind": 1, "unexpected-type": 1, "duplicate": 1, "late": 1,
        ])
        XCTAssertEqual(status.contributionsAccepted, 3)
        XCTAssertEqual(status.roundsClosed, 1)
    }

    func testBadRoundOpensAreRefused() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 2)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        let statusPath = RoleStatus.path(runDirectory: dir, role: "aggregator-root")

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 3, participants: [0, 1]), to: [0])
        var otherRun = AggregatorHarness.roundOpen(run: run, round: 4, participants: [0, 1])
        otherRun.runID &+= 1
        var otherShape = AggregatorHarness.roundOpen(run: run, round: 4, participants: [0, 1])
        otherShape.p = 4
        let older = AggregatorHarness.roundOpen(run: run, round: 2, participants: [0, 1])
        for m: Message in [.roundOpen(otherRun), .roundOpen(otherShape), .roundOpen(older)] { try broker.publish(m) }
        let status = try XCTUnwrap(AggregatorHarness.waitForStatus(statusPath) {
            $0.drops?["wrong-run"] == 1 && $0.drops?["bad-round-open"] == 1 && $0.drops?["stale"] == 1
        })
        XCTAssertEqual(status.currentRound, 3, "refused announcements must not move the round")
        _ = try role.finish()
    }
}

fileprivate extension Contribution {
    /// This contribution as one encoded frame.
    var encodedFrame: [UInt8] { Message.contribution(self).encode() }
}
