import Foundation
import SeedFLCore
import SeedFLWire
import XCTest

@testable import SeedFLNode

/// One flat aggregator against a test broker and test trainers over real ipc sockets.
final class AggregatorRoundTests: XCTestCase {
    func testQuorumClosesWithTheSimulatorsMean() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run()
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let configuration = try AggregatorConfiguration(run: run, deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(configuration)

        let open = AggregatorHarness.roundOpen(run: run, round: 1, participants: [0, 1, 2, 3], baseSequence: 0)
        try broker.announce(open, to: [0])
        // Arrival order is the reverse of trainer order; the result must not care.
        let contributions = (0..<4).map { AggregatorHarness.contribution(run: run, round: 1, trainer: UInt32($0), scale: $0 * 5) }
        var trainers: [HarnessTrainer] = []
        for c in contributions.reversed() {
            let t = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)
            try t.send(.contribution(c))
            trainers.append(t)
        }
        let aggregate = try XCTUnwrap(try broker.nextAggregate())
        let reference = AggregatorHarness.reference(contributions, rule: .mean)

        XCTAssertEqual(aggregate.kind, .final)
        XCTAssertEqual(aggregate.mode, .seedScalars)
        XCTAssertEqual(aggregate.round, 1)
        XCTAssertEqual(aggregate.runID, run.seed)
        XCTAssertEqual(aggregate.contributors, [0, 1, 2, 3])
        XCTAssertEqual(aggregate.nonces, (0..<4).map { AggregatorHarness.nonce($0) }, "each contributor's nonce, for the broker")
        XCTAssertEqual(aggregate.exampleCount, UInt64(contributions.reduce(0) { $0 + Int($1.exampleCount) }))
        XCTAssertEqual(aggregate.values.map { Float($0).bitPattern }, reference.scalars.map(\.bitPattern))
        XCTAssertEqual(reference.scalars.map(\.bitPattern), AggregationRule.mean.combine(contributions.map(\.scalars)).map(\.bitPattern))
        // Final values are floats widened to double, so the broker's conversion is exact.
        XCTAssertEqual(aggregate.values, aggregate.values.map { Double(Float($0)) })
        XCTAssertEqual(Float(aggregate.baseLoss).bitPattern, reference.meanLoss.bitPattern)

        let status = try role.finish()
        XCTAssertEqual(status.roundsClosed, 1)
        XCTAssertEqual(status.contributionsAccepted, 4)
        XCTAssertEqual(status.drops, [:])
        XCTAssertGreaterThan(status.wireBytes?.received ?? 0, 0)
        XCTAssertGreaterThan(status.wireBytes?.sent ?? 0, 0)
        XCTAssertEqual(try RoleStatus.read(from: RoleStatus.path(runDirectory: dir, role: "aggregator-root")), status)
        withExtendedLifetime(trainers) {}
    }

    func testMedianRuleMatchesRoundAggregate() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 3, rule: .median)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 4, participants: [0, 1, 2]), to: [0])
        let contributions = (0..<3).map { AggregatorHarness.contribution(run: run, round: 4, trainer: UInt32($0)) }
        let trainer = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)
        for c in contributions { try trainer.send(.contribution(c)) }
        let aggregate = try XCTUnwrap(try broker.nextAggregate())
        let reference = AggregatorHarness.reference(contributions, rule: .median)
        XCTAssertEqual(aggregate.values.map { Float($0).bitPattern }, reference.scalars.map(\.bitPattern))
        XCTAssertEqual(Float(aggregate.baseLoss).bitPattern, reference.meanLoss.bitPattern)
        _ = try role.finish()
    }

    func testDenseMeanMatchesRoundAggregate() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 2, dense: true)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let d = 16
        let role = HarnessRoleThread<RoleStatus>.aggregator(
            try AggregatorConfiguration(run: run, deployment: deployment, dimension: d))

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 1, participants: [0, 1], baseSequence: 3), to: [0])
        let deltas = (0..<2).map { DenseContribution(runID: run.seed, round: 1, baseSequence: 3, trainerID: UInt32($0), nonce: 9,
                                                     baseLoss: Float($0) + 0.25, exampleCount: 5,
                                                     values: AggregatorHarness.values(count: d, seed: UInt64($0))) }
        let trainer = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)
        // A delta of the wrong length is refused; the round still closes on the right ones.
        var short = deltas[0]
        short.values.removeLast()
        try trainer.send(.denseContribution(short))
        for c in deltas { try trainer.send(.denseContribution(c)) }
        let aggregate = try XCTUnwrap(try broker.nextAggregate())
        let reference = RoundAggregate(combining: deltas.map {
            RoundContribution(trainer: $0.trainerID, scalars: [], delta: $0.values, baseLoss: $0.baseLoss, examples: 5)
        }, rule: .mean)
        XCTAssertEqual(aggregate.mode, .denseDelta)
        XCTAssertEqual(aggregate.values.map { Float($0).bitPattern }, try XCTUnwrap(reference.dense).map(\.bitPattern))
        let status = try role.finish()
        XCTAssertEqual(status.drops, ["shape": 1])
    }

    func testDeadlineWithoutQuorumSendsNothing() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 2)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        let statusPath = RoleStatus.path(runDirectory: dir, role: "aggregator-root")
        let trainer = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 1, participants: [0, 1], deadlineIn: 300), to: [0])
        try trainer.send(.contribution(AggregatorHarness.contribution(run: run, round: 1, trainer: 0)))
        XCTAssertNotNil(AggregatorHarness.waitForStatus(statusPath) { $0.roundsGivenUp == 1 })
        XCTAssertNil(try broker.receiveAggregate(attempts: 4), "a round below quorum must not be aggregated")

        // The aggregator carries on: the next round closes normally.
        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 2, participants: [0, 1]), to: [0])
        for t in 0..<2 { try trainer.send(.contribution(AggregatorHarness.contribution(run: run, round: 2, trainer: UInt32(t)))) }
        XCTAssertEqual(try broker.nextAggregate()?.round, 2)
        let status = try role.finish()
        XCTAssertEqual(status.roundsClosed, 1)
        XCTAssertEqual(status.roundsGivenUp, 1)
    }

    func testRoundAbortEndsTheRoundWithoutSending() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 2)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        let statusPath = RoleStatus.path(runDirectory: dir, role: "aggregator-root")
        let trainer = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)

        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 1, participants: [0, 1]), to: [0])
        try broker.publish(.roundAbort(RoundAbort(runID: run.seed, round: 1, reason: .operatorRequest)))
        XCTAssertNotNil(AggregatorHarness.waitForStatus(statusPath) { $0.roundsGivenUp == 1 })
        for t in 0..<2 { try trainer.send(.contribution(AggregatorHarness.contribution(run: run, round: 1, trainer: UInt32(t)))) }
        XCTAssertNotNil(AggregatorHarness.waitForStatus(statusPath) { $0.drops?["late"] == 2 })
        XCTAssertNil(try broker.receiveAggregate(attempts: 4), "an aborted round must not be aggregated")
        let status = try role.finish()
        XCTAssertEqual(status.roundsClosed, 0)
    }

    func testContributionsBeforeTheirRoundOpenAreHeld() throws {
        let dir = try AggregatorHarness.directory(for: self)
        let run = AggregatorHarness.run(clients: 2)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: AggregatorHarness.flat())
        let broker = try HarnessBroker(deployment: deployment)
        let role = HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment))
        let statusPath = RoleStatus.path(runDirectory: dir, role: "aggregator-root")
        let trainer = try HarnessTrainer(endpoint: deployment.aggregators[0].contributions.connect)

        let contributions = (0..<2).map { AggregatorHarness.contribution(run: run, round: 7, trainer: UInt32($0)) }
        for c in contributions { try trainer.send(.contribution(c)) }
        XCTAssertNotNil(AggregatorHarness.waitForStatus(statusPath) { $0.earlyHeld == 2 })
        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 7, participants: [0, 1]), to: [0])
        let aggregate = try XCTUnwrap(try broker.nextAggregate())
        XCTAssertEqual(aggregate.values.map { Float($0) }, AggregatorHarness.reference(contributions, rule: .mean).scalars)
        let status = try role.finish()
        XCTAssertEqual(status.earlyHeld, 0)
        XCTAssertEqual(status.contributionsAccepted, 2)
    }
}
