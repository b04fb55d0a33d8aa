import Foundation
import SeedFLCore
import SeedFLWire
import XCTest

@testable import SeedFLNode

/// A root merging two edges' partial sums commits the same bits as one flat aggregator.
final class AggregatorTreeTests: XCTestCase {
    private static let participants: [UInt32] = [0, 1, 2, 3, 4, 5]

    private func contributions(run: RunConfig) -> [Contribution] {
        // Magnitudes spread over 2^0 ... 2^20, so the order of additions would matter if
        // the tree summed differently.
        Self.participants.map { AggregatorHarness.contribution(run: run, round: 2, trainer: $0, baseSequence: 1, scale: Int($0) * 4) }
    }

    /// Runs `aggregators` against a test broker, pushes `contributions` to their leaves,
    /// and returns the final aggregate and every aggregator's final status.
    private func aggregate(run: RunConfig, aggregators: [AggregatorDeployment], contributions: [Contribution],
                           participants: [UInt32] = participants) throws -> (Aggregate, [RoleStatus]) {
        let dir = try AggregatorHarness.directory(for: self)
        let deployment = AggregatorHarness.deployment(directory: dir, aggregators: aggregators)
        let broker = try HarnessBroker(deployment: deployment)
        let roles = try aggregators.map {
            HarnessRoleThread<RoleStatus>.aggregator(try AggregatorConfiguration(run: run, deployment: deployment, name: $0.name))
        }
        try broker.announce(AggregatorHarness.roundOpen(run: run, round: 2, participants: participants, baseSequence: 1),
                            to: Set((0..<aggregators.count).map(UInt32.init)))
        var trainers: [HarnessTrainer] = []
        for c in contributions.reversed() {
            let leaf = try XCTUnwrap(deployment.aggregator(forTrainer: Int(c.trainerID)))
            let t = try HarnessTrainer(endpoint: leaf.contributions.connect)
            try t.send(.contribution(c))
            trainers.append(t)
        }
        let result = try XCTUnwrap(try broker.nextAggregate())
        let statuses = try roles.map { try $0.finish() }
        withExtendedLifetime(trainers) {}
        return (result, statuses)
    }

    private let tree = [
        AggregatorDeployment(name: "root", contributions: Endpoint("ipc://@RUN/root"), upstream: "broker", quorum: .all, trainers: []),
        AggregatorDeployment(name: "east", contributions: Endpoint("ipc://@RUN/east"), upstream: "root", quorum: .all, trainers: [0, 1, 2]),
        AggregatorDeployment(name: "west", contributions: Endpoint("ipc://@RUN/west"), upstream: "root", quorum: .all, trainers: [3, 4, 5]),
    ]

    func testTwoEdgeTreeEqualsFlatAggregator() throws {
        let run = AggregatorHarness.run(clients: 6)
        let inputs = contributions(run: run)
        let (treeResult, treeStatuses) = try aggregate(run: run, aggregators: tree, contributions: inputs)
        let (flatResult, _) = try aggregate(run: run, aggregators: AggregatorHarness.flat(), contributions: inputs)

        XCTAssertEqual(treeResult.kind, .final)
        XCTAssertEqual(treeResult.contributors, flatResult.contributors)
        XCTAssertEqual(treeResult.nonces, flatResult.contributors.map { AggregatorHarness.nonce($0) }, "edges forward the nonces")
        XCTAssertEqual(treeResult.exampleCount, flatResult.exampleCount)
        XCTAssertEqual(treeResult.values.map(\.bitPattern), flatResult.values.map(\.bitPattern))
        XCTAssertEqual(treeResult.baseLoss.bitPattern, flatResult.baseLoss.bitPattern)
        let reference = AggregatorHarness.reference(inputs, rule: .mean)
        XCTAssertEqual(flatResult.values.map { Float($0).bitPattern }, reference.scalars.map(\.bitPattern))
        // Root, east, west: each closed its round once; the root counted the six trainers
        // inside the two partials.
        XCTAssertEqual(treeStatuses.map(\.roundsClosed), [1, 1, 1])
        XCTAssertEqual(treeStatuses.map(\.contributionsAccepted), [6, 3, 3])
        XCTAssertEqual(treeStatuses.map(\.drops), [[:], [:], [:]])
    }

    func testEdgeWithoutSampledTrainersStaysQuiet() throws {
        let run = AggregatorHarness.run(clients: 6)
        let sampled: [UInt32] = [0, 2]
        let inputs = contributions(run: run).filter { sampled.contains($0.trainerID) }
        let (result, statuses) = try aggregate(run: run, aggregators: tree, contributions: inputs, participants: sampled)
        XCTAssertEqual(result.contributors, sampled)
        XCTAssertEqual(result.values.map { Float($0).bitPattern },
                       AggregatorHarness.reference(inputs, rule: .mean).scalars.map(\.bitPattern))
        // West had nobody to wait for: it neither closed nor gave up a round.
        XCTAssertEqual(statuses.map(\.roundsClosed), [1, 1, 0])
        XCTAssertEqual(statuses.map(\.roundsGivenUp), [0, 0, 0])
    }
}
