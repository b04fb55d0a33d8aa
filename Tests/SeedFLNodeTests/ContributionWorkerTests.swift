import Foundation
import SeedFLCore
import XCTest
@testable import SeedFLNode

/// The trainer's compute worker: it delivers exactly what the trainer logic computes on the
/// socket thread, and a cancelled computation stops at its next forward pass and delivers
/// nothing.
final class ContributionWorkerTests: XCTestCase {
    /// The real logistic-regression model on the review sentences, behind a gate that holds
    /// the forward passes until the test opens it, and counts them.
    final class Gated: TrainableModel, @unchecked Sendable {
        let base: any TrainableModel
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var count = 0
        var passes: Int { lock.withLock { count } }

        init(_ base: any TrainableModel) { self.base = base }
        var space: ParameterSpace { base.space }
        var trainCount: Int { base.trainCount }
        var trainLabels: [Int]? { base.trainLabels }
        var testCount: Int { base.testCount }
        func initialParameters() -> [Float] { base.initialParameters() }
        func evaluate(at x: [Float], examples: [Int]) -> Evaluation { base.evaluate(at: x, examples: examples) }
        func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
            lock.withLock { count += 1 }
            entered.signal()
            gate.wait()
            gate.signal()       // once opened, it stays open
            return base.loss(at: x, perturbation: perturbation, examples: examples)
        }
    }

    private func setUp(perturbations: Int = 5) throws -> (RunConfig, PreparedModel, TrainerLogic, ReplayState) {
        var run = RunConfig(algorithm: .decomfl, rounds: 10, seed: 11, evalEvery: 0)
        run.zo.perturbations = perturbations
        run.data.trainLimit = 400
        let prepared = try ModelFactory.prepare(run)
        let logic = try TrainerLogic(id: 1, run: run, shard: prepared.shards[1])
        let state = ReplayState(base: prepared.model.initialParameters(), optimizer: run.zo.optimizer)
        return (run, prepared, logic, state)
    }

    private func waitUntilIdle(_ worker: ContributionWorker) {
        let deadline = Date().addingTimeInterval(60)
        while worker.computingRound != nil && Date() < deadline { usleep(1_000) }
    }

    func testDeliversWhatTheLogicComputes() throws {
        let (_, prepared, logic, state) = try setUp()
        let expected = logic.compute(model: prepared.model, state: state, round: 3, seed: 99)
        let worker = ContributionWorker()
        worker.start(round: 3, seed: 99, state: state, logic: logic, model: prepared.model)
        waitUntilIdle(worker)
        let finished = try XCTUnwrap(worker.takeFinished())
        XCTAssertEqual(finished.round, 3)
        XCTAssertEqual(finished.baseSequence, 0)
        XCTAssertEqual(finished.result.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern))
        XCTAssertEqual(finished.result.baseLoss.bitPattern, expected.baseLoss.bitPattern)
        XCTAssertNil(worker.takeFinished(), "delivered once")
    }

    func testCancelledComputationStopsAtTheNextForwardPassAndDeliversNothing() throws {
        let (_, prepared, logic, state) = try setUp(perturbations: 8)
        let gated = Gated(prepared.model)
        let worker = ContributionWorker()
        worker.start(round: 4, seed: 7, state: state, logic: logic, model: gated)
        gated.entered.wait()                       // the first forward pass has started
        XCTAssertEqual(worker.computingRound, 4)
        worker.cancel(round: 5)                    // another round: no effect
        worker.cancel(round: 4)
        gated.gate.signal()
        waitUntilIdle(worker)
        XCTAssertNil(worker.computingRound)
        XCTAssertNil(worker.takeFinished(), "a cancelled computation delivers nothing")
        XCTAssertEqual(gated.passes, 1, "no forward pass starts after the cancellation (1 + P = 9 without it)")
    }

    func testStopWaitsForTheComputationToLeaveTheModel() throws {
        let (_, prepared, logic, state) = try setUp()
        let gated = Gated(prepared.model)
        let worker = ContributionWorker()
        worker.start(round: 1, seed: 5, state: state, logic: logic, model: gated)
        gated.entered.wait()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { gated.gate.signal() }
        worker.stop()
        XCTAssertNil(worker.computingRound, "stop returns once the thread is done")
        XCTAssertEqual(gated.passes, 1)
    }
}
