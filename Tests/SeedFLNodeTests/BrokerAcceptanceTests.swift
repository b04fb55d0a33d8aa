import SeedFLCore
import SeedFLNode
import SeedFLWire
import XCTest

/// Which AGGREGATEs complete the open round (pure decision, no sockets).
final class BrokerAcceptanceTests: XCTestCase {
    private var configuration: BrokerConfiguration!
    private let open = OpenRound(round: 5, seed: 0xABCD, participants: [1, 3, 4], baseSequence: 2,
                                 deadline: ContinuousClock.now + .seconds(60))

    override func setUpWithError() throws {
        var run = RunConfig()
        run.seed = 9
        run.clients = 6
        run.sample = 3
        run.zo.steps = 2
        run.zo.perturbations = 2
        var deployment = Deployment.localIPC(runDirectory: "/tmp/unused")
        deployment.aggregators[0].quorum = .count(2)
        configuration = BrokerConfiguration(run: run, deployment: deployment)
    }

    private func aggregate(round: UInt64 = 5, contributors: [UInt32] = [1, 4], values: [Double] = [1, 2, 3, 4],
                           kind: AggregateKind = .final, mode: AlgorithmMode = .seedScalars,
                           runID: UInt64 = 9, k: UInt16 = 2, baseLoss: Double = 0.25) -> Aggregate {
        Aggregate(runID: runID, round: round, k: k, p: 2, contributors: contributors, kind: kind, mode: mode,
                  values: values, baseLoss: baseLoss, exampleCount: 10)
    }

    private func refusal(_ a: Aggregate, open: OpenRound?) -> AggregateAcceptance.Refusal? {
        if case .failure(let r) = AggregateAcceptance.commit(a, open: open, configuration: configuration,
                                                             latestSequence: 2) { return r }
        return nil
    }

    func testValidAggregateBecomesTheNextCommittedRound() throws {
        let result = AggregateAcceptance.commit(aggregate(), open: open, configuration: configuration, latestSequence: 2)
        let round = try result.get()
        XCTAssertEqual(round, CommittedRound(sequence: 3, round: 5, seed: 0xABCD, steps: 2, perturbations: 2,
                                             learningRate: configuration.run.zo.learningRate, scalars: [1, 2, 3, 4],
                                             contributors: [1, 4], meanLoss: 0.25, dense: nil))
    }

    func testEveryRefusalHasItsReason() {
        XCTAssertEqual(refusal(aggregate(runID: 8), open: open), .wrongRun)
        XCTAssertEqual(refusal(aggregate(kind: .partial), open: open), .partialAggregate)
        XCTAssertEqual(refusal(aggregate(), open: nil), .noOpenRound)
        XCTAssertEqual(refusal(aggregate(round: 4), open: open), .stale)
        XCTAssertEqual(refusal(aggregate(round: 6), open: open), .future)
        XCTAssertEqual(refusal(aggregate(values: [1, 2], k: 1), open: open), .shape)
        XCTAssertEqual(refusal(aggregate(mode: .denseDelta), open: open), .wrongMode)
        XCTAssertEqual(refusal(aggregate(values: [1, 2, 3]), open: open), .valueCount)
        XCTAssertEqual(refusal(aggregate(contributors: [1, 2]), open: open), .notParticipant)
        XCTAssertEqual(refusal(aggregate(contributors: []), open: open), .notParticipant)
        XCTAssertEqual(refusal(aggregate(contributors: [4, 1]), open: open), .notParticipant)
        XCTAssertEqual(refusal(aggregate(contributors: [3]), open: open), .belowQuorum, "quorum 2 of 3")
        XCTAssertEqual(refusal(aggregate(values: [1, 2, 3, 1e300]), open: open), .nonFinite, "overflows Float")
        XCTAssertEqual(refusal(aggregate(values: [1, .nan, 3, 4]), open: open), .nonFinite)
        XCTAssertEqual(refusal(aggregate(baseLoss: .infinity), open: open), .nonFinite)
    }

    /// A forged final AGGREGATE with one contributor under `quorum: all` was committed before
    /// the broker checked the quorum itself.
    func testTheBrokerHoldsAggregatesToTheRootsQuorum() {
        configuration.deployment.aggregators[0].quorum = .all
        XCTAssertEqual(refusal(aggregate(contributors: [1, 4]), open: open), .belowQuorum)
        XCTAssertNil(refusal(aggregate(contributors: [1, 3, 4]), open: open))
        configuration.deployment.aggregators[0].quorum = .fraction(0.5)
        XCTAssertNil(refusal(aggregate(contributors: [1, 4]), open: open))
        XCTAssertEqual(refusal(aggregate(contributors: [4]), open: open), .belowQuorum, "half of 3 rounds up to 2")
    }

    /// Contributions forged for sampled trainers (pushed early, before the real ones) once
    /// reached the ledger: their nonces are none the trainers announced.
    func testAggregatesVouchOnlyForAnnouncedProcesses() {
        var nonces = ProcessNonces()
        nonces.hello(1, nonce: 11)
        nonces.hello(4, nonce: 44)
        func refusal(_ claimed: [UInt64]) -> AggregateAcceptance.Refusal? {
            let a = Aggregate(runID: 9, round: 5, k: 2, p: 2, contributors: [1, 4], nonces: claimed, kind: .final,
                              mode: .seedScalars, values: [1, 2, 3, 4], baseLoss: 0.25, exampleCount: 10)
            if case .failure(let r) = AggregateAcceptance.commit(a, open: open, configuration: configuration,
                                                                 latestSequence: 2, nonces: nonces) { return r }
            return nil
        }
        XCTAssertNil(refusal([11, 44]))
        XCTAssertEqual(refusal([11, 99]), .wrongNonce)
        nonces.hello(4, nonce: 45)
        XCTAssertNil(refusal([11, 44]), "a restarted trainer's previous process still counts")
        XCTAssertNil(refusal([11, 45]))
        nonces.hello(4, nonce: 46)
        XCTAssertEqual(refusal([11, 44]), .wrongNonce, "two restarts ago is too old")
        var fresh = ProcessNonces()
        fresh.hello(1, nonce: 11)
        XCTAssertTrue(fresh.accepts(4, nonce: 12345), "a trainer not heard from since a broker restart is taken on trust")
    }

    func testDenseRunsCommitTheDeltaAndNoScalars() throws {
        configuration.run.algorithm = .fedzo
        configuration.dimension = 3
        let dense = aggregate(values: [0.5, -0.5, 1], mode: .denseDelta)
        let round = try AggregateAcceptance.commit(dense, open: open, configuration: configuration, latestSequence: 0).get()
        XCTAssertEqual(round.dense, [0.5, -0.5, 1])
        XCTAssertTrue(round.scalars.isEmpty)
        XCTAssertEqual(round.sequence, 1)
        XCTAssertEqual(refusal(aggregate(values: [1, 2, 3, 4], mode: .denseDelta), open: open), .valueCount)
    }
}
