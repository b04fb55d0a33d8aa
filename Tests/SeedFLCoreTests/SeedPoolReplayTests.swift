import XCTest
@testable import SeedFLCore

/// The finite seed pool (FedKSeed): the model is the base minus one accumulated coefficient
/// per pooled direction, so replaying a thousand rounds at once and one at a time give the
/// same bits, the first round matches a hand computation, and rounds that do not fit the
/// pool are refused without changing the state.
final class SeedPoolReplayTests: XCTestCase {
    private let pooled = OptimizerConfig(seedPool: 8)

    /// Rounds over `seeds` (cycled), K = 2, P = 3, varying scalars and rates.
    private func rounds(_ count: Int, seeds: [UInt64]) -> [CommittedRound] {
        var g = SplitMix64(seed: 11)
        return (1...count).map { r in
            CommittedRound(sequence: UInt64(r), round: UInt64(r), seed: seeds[r % seeds.count], steps: 2, perturbations: 3,
                           learningRate: Float(r % 5 + 1) * 1e-3,
                           scalars: (0..<6).map { _ in Float(Int64(g.next() % 2001) - 1000) / 997 },
                           contributors: [0], meanLoss: 0.5)
        }
    }

    func testOneAtATimeAndAllAtOnceGiveTheSameBits() throws {
        let history = rounds(1000, seeds: [3, 99, 7, 12345, 8, 1 << 40])
        let base = (0..<5000).map { Float($0 % 17) / 17 }
        var stepwise = ReplayState(base: base, optimizer: pooled)
        for r in history { try stepwise.apply(r) }
        var batched = ReplayState(base: base, optimizer: pooled)
        try batched.apply(history)
        var deferred = ReplayState(base: base, optimizer: pooled)
        for (i, r) in history.enumerated() {
            try deferred.apply(r, rebuild: false, threads: 1)
            if i % 97 == 0 { deferred.rebuild(threads: 2) }       // partial rebuilds along the way
        }
        XCTAssertTrue(deferred.needsRebuild)
        deferred.rebuild(threads: 3)
        XCTAssertFalse(deferred.needsRebuild)
        XCTAssertEqual(stepwise.parameters, batched.parameters)
        XCTAssertEqual(stepwise.parameters, deferred.parameters)
        XCTAssertEqual(stepwise.appliedSequence, 1000)
        // Not the same run as without a pool (another order of float operations, same rounds).
        var plain = ReplayState(base: base, optimizer: OptimizerConfig())
        try plain.apply(history)
        XCTAssertNotEqual(plain.parameters, stepwise.parameters)
        XCTAssertEqual(plain.parameters[0], stepwise.parameters[0], accuracy: 1e-3)
    }

    func testTheFirstRoundIsTheBaseMinusItsCoefficientsTimesTheirDirections() throws {
        let round = rounds(1, seeds: [42])[0]
        let base = (0..<300).map { Float($0) / 300 }
        var state = ReplayState(base: base, optimizer: pooled)
        try state.apply(round)
        // x = base + Float(S * 2^-32), S the integer sum of round(a * z * 2^32) over the directions.
        var sums = [Int64](repeating: 0, count: 300)
        for j in 0..<6 {
            let a = Float(-(Double(round.learningRate) * Double(round.scalars[j] / 3)))
            let z = Gaussian.vector(PerturbationKey(seed: 42, step: UInt32(j / 3), perturbation: UInt32(j % 3)), count: 300)
            for i in sums.indices { sums[i] += Int64((Double(a) * Double(z[i]) * 4_294_967_296).rounded(.toNearestOrEven)) }
        }
        let expected = base.indices.map { base[$0] + Float(Double(sums[$0]) / 4_294_967_296) }
        XCTAssertEqual(state.parameters, expected)
        // And close to the same round applied without a pool (another run, the same step).
        var plain = ReplayState(base: base, optimizer: OptimizerConfig())
        try plain.apply(round)
        for i in base.indices { XCTAssertEqual(state.parameters[i], plain.parameters[i], accuracy: 1e-6) }
    }

    /// The fast rounding of a term equals round-half-even, ties and large values included,
    /// and huge terms clamp to 2^62.
    func testATermRoundsHalfToEvenAndClamps() {
        var g = SplitMix64(seed: 5)
        let ties: [(Float, Float)] = [(0.5, 1 / 4_294_967_296), (1.5, 1 / 4_294_967_296), (-2.5, 1 / 4_294_967_296)]
        let random = (0..<100_000).map { _ in
            (Float(bitPattern: UInt32(truncatingIfNeeded: g.next()) & 0x7F7F_FFFF), Float(Int64(g.next() % 2001) - 1000) / 250)
        }
        for (a, z) in ties + random {
            let exact = (Double(a) * Double(z) * 4_294_967_296).rounded(.toNearestOrEven)
            let expected: Int64 = exact >= 0x1p62 ? 1 << 62 : exact <= -0x1p62 ? -(1 << 62) : Int64(exact)
            XCTAssertEqual(PooledCoefficients.term(a, z), expected, "\(a) * \(z)")
        }
        XCTAssertEqual(PooledCoefficients.term(0.5, 1 / 4_294_967_296), 0)
        XCTAssertEqual(PooledCoefficients.term(1.5, 1 / 4_294_967_296), 2)
        XCTAssertEqual(PooledCoefficients.term(Float.greatestFiniteMagnitude, 3), 1 << 62)
    }

    func testRoundsThatDoNotFitThePoolAreRefusedAndChangeNothing() throws {
        var state = ReplayState(base: [Float](repeating: 0, count: 64), optimizer: OptimizerConfig(seedPool: 2))
        try state.apply(rounds(2, seeds: [5, 6]))
        let before = state.parameters
        var third = rounds(3, seeds: [7])[2]
        XCTAssertThrowsError(try state.apply(third)) { error in
            XCTAssert("\(error)".contains("pool of 2"), "\(error)")
        }
        third.seed = 5
        third.steps = 1
        third.scalars = [1, 2, 3]
        XCTAssertThrowsError(try state.apply(third)) { error in
            XCTAssert("\(error)".contains("K=1 P=3"), "\(error)")
        }
        XCTAssertEqual(state.appliedSequence, 2)
        XCTAssertEqual(state.parameters, before)
        XCTAssertFalse(state.needsRebuild)
    }
}
