import XCTest
@testable import SeedFLCore

final class UpdateRuleTests: XCTestCase {
    private func round(_ seq: UInt64, steps: Int = 2, perturbations: Int = 3) -> CommittedRound {
        var g = SplitMix64(seq, 99)
        let scalars = (0..<(steps * perturbations)).map { _ in Float(g.nextGaussian()) }
        return CommittedRound(sequence: seq, round: seq * 2, seed: g.next(), steps: steps, perturbations: perturbations,
                              learningRate: 0.01, scalars: scalars, contributors: [1, 4], meanLoss: 0.5)
    }

    /// One pass over K*P directions on any number of threads gives the same bits as one
    /// thread, with weight decay and momentum state included.
    func testThreadCountDoesNotChangeBits() {
        let d = 300_001     // not a multiple of the chunk or of 4
        let base = (0..<d).map { Float($0 % 97) * 0.01 }
        let optimizer = OptimizerConfig(weightDecay: 0.01, momentum: 0.9)
        var fingerprints: Set<String> = []
        for threads in [1, 2, 3, 8] {
            var state = ReplayState(base: base, optimizer: optimizer)
            for s in 1...3 { XCTAssertNoThrow(try state.apply(round(UInt64(s)), threads: threads)) }
            fingerprints.insert(state.fingerprint)
        }
        XCTAssertEqual(fingerprints.count, 1)
    }

    /// The fused per-element update equals applying each direction with `Gaussian.axpy`
    /// one at a time (plain SGD, no decay): the order of float operations is the same.
    func testFusedUpdateEqualsSeparatePasses() {
        let d = 10_000
        let r = round(1, steps: 2, perturbations: 3)
        var fused = [Float](repeating: 0.5, count: d)
        var none: [Float] = []
        UpdateRule.apply(r, perturbationSeed: r.seed, optimizer: .init(), to: &fused, momentum: &none, threads: 1)

        var separate = [Float](repeating: 0.5, count: d)
        let c = UpdateRule.coefficients(scalars: r.scalars, perturbations: 3)
        for k in 0..<2 {
            var g = [Float](repeating: 0, count: d)
            for p in 0..<3 {
                g.withUnsafeMutableBufferPointer { gb in
                    Gaussian.axpy(PerturbationKey(seed: r.seed, step: UInt32(k), perturbation: UInt32(p)),
                                  alpha: c[k * 3 + p], start: 0, into: gb)
                }
            }
            for i in 0..<d { separate[i] = separate[i] - r.learningRate * g[i] }
        }
        XCTAssertEqual(fused, separate)
    }

    /// Applying commits one at a time equals replaying the whole ledger from the base.
    func testIncrementalEqualsReplayFromBase() throws {
        let base = (0..<5000).map { Float($0) * 1e-3 }
        let ledger = (1...20).map { round(UInt64($0)) }
        var live = ReplayState(base: base, optimizer: .init(momentum: 0.5))
        var checkpoints: [String] = []
        for r in ledger {
            try live.apply(r)
            checkpoints.append(live.fingerprint)
        }
        for n in [1, 7, 20] {
            var replay = ReplayState(base: base, optimizer: .init(momentum: 0.5))
            try replay.apply(ledger.prefix(n))
            XCTAssertEqual(replay.fingerprint, checkpoints[n - 1])
        }
    }

    func testOutOfOrderAndMalformedRoundsAreRefusedWithoutChange() {
        var state = ReplayState(base: [Float](repeating: 1, count: 100), optimizer: .init())
        let before = state.fingerprint
        XCTAssertThrowsError(try state.apply(round(2))) { error in
            XCTAssertEqual(error as? ReplayState.ReplayError, .outOfOrder(expected: 1, got: 2))
        }
        var bad = round(1)
        bad.scalars.removeLast()
        XCTAssertThrowsError(try state.apply(bad))
        var nan = round(1)
        nan.scalars[0] = .nan
        XCTAssertThrowsError(try state.apply(nan))
        XCTAssertEqual(state.fingerprint, before)
        XCTAssertEqual(state.appliedSequence, 0)
    }

    /// Local steps never touch the global vector: DeComFL's revert is exact by construction.
    func testLocalStepsLeaveGlobalParametersUntouched() {
        let model = Quadratic(dimension: 64)
        let x = (0..<64).map { Float($0) * 0.01 }
        let before = Fingerprint.of(x)
        let config = ZOConfig(steps: 4, perturbations: 3, mu: 1e-3, learningRate: 0.05,
                              optimizer: .init(weightDecay: 0.1, momentum: 0.9))
        let momentum = [Float](repeating: 0.25, count: 64)
        let result = LocalTraining.decomfl(model: model, global: x, momentum: momentum, seed: 5, config: config,
                                           learningRate: 0.05) { _ in [0] }
        XCTAssertEqual(result.scalars.count, 12)
        XCTAssertEqual(Fingerprint.of(x), before)
        XCTAssertEqual(momentum, [Float](repeating: 0.25, count: 64))
    }

    /// Later local steps see the earlier local updates (they are not all taken at x_0).
    func testLocalStepsMoveTheLocalModel() {
        let model = Quadratic(dimension: 32)
        let x = [Float](repeating: 0, count: 32)
        let config = ZOConfig(steps: 2, perturbations: 1, mu: 1e-3, learningRate: 0.1)
        let two = LocalTraining.decomfl(model: model, global: x, momentum: [], seed: 9, config: config,
                                        learningRate: 0.1) { _ in [0] }
        // Step 1 evaluated at x alone must differ from step 1 evaluated after step 0.
        let (alone, _) = LocalTraining.estimateStep(model: model, at: x, seed: 9, step: 1, config: config, examples: [0])
        XCTAssertNotEqual(two.scalars[1], alone[0])
    }
}
