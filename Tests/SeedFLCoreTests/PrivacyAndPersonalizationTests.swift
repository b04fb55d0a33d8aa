import Foundation
import XCTest
@testable import SeedFLCore

final class SeedShiftTests: XCTestCase {
    func testShiftIsDeterministicKeyedAndOffByDefault() {
        XCTAssertEqual(SeedShift.none.map(123), 123)
        XCTAssertEqual(SeedShift(secret: "").map(123), 123)
        let a = SeedShift(secret: "trainers-only")
        XCTAssertEqual(a.map(123), SeedShift(secret: "trainers-only").map(123))
        XCTAssertNotEqual(a.map(123), 123)
        XCTAssertNotEqual(a.map(123), a.map(124))
        XCTAssertNotEqual(a.map(123), SeedShift(secret: "other").map(123))
    }

    /// Without the secret, replaying the same ledger gives a different model.
    func testReplayWithoutTheSecretDiverges() throws {
        let r = CommittedRound(sequence: 1, round: 1, seed: 77, steps: 1, perturbations: 2, learningRate: 0.1,
                               scalars: [1, -1], contributors: [0], meanLoss: 1)
        var withSecret = ReplayState(base: [Float](repeating: 0, count: 100), optimizer: .init(),
                                     seedShift: SeedShift(secret: "s3cret"))
        var without = ReplayState(base: [Float](repeating: 0, count: 100), optimizer: .init())
        try withSecret.apply(r)
        try without.apply(r)
        XCTAssertNotEqual(withSecret.fingerprint, without.fingerprint)
    }
}

final class PersonalizationTests: XCTestCase {
    func testRateFormulaAndBounds() {
        let rate = PersonalizedRate(strategy: .lossDifference, maxFactor: 2)
        XCTAssertEqual(rate.rate(base: 0.1, index: 0), 0.1)
        XCTAssertEqual(rate.rate(base: 0.1, index: 1), 0.2, accuracy: 1e-7)
        XCTAssertEqual(rate.rate(base: 0.1, index: 5), 0.2, accuracy: 1e-7)
        XCTAssertEqual(rate.rate(base: 0.1, index: 0.5), 0.15, accuracy: 1e-7)
    }

    func testSignalsFollowCommitsOfTheClientsOwnRounds() {
        var s = PersonalizationState()
        XCTAssertEqual(s.index(.lossDifference, runSeed: 1, round: 1, client: 0), 0)
        s.contributed(round: 3, loss: 3, scalars: [1, 0], delta: nil)
        let commit = CommittedRound(sequence: 1, round: 3, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                    scalars: [0, 1], contributors: [0, 1], meanLoss: 1)
        s.committed(commit, client: 0)
        XCTAssertEqual(s.index(.lossDifference, runSeed: 1, round: 4, client: 0), 0.5, accuracy: 1e-12)
        XCTAssertEqual(s.index(.updateDifference, runSeed: 1, round: 4, client: 0), 2.0.squareRoot() / 2, accuracy: 1e-12)
        // A commit of a round the client did not contribute to changes nothing.
        s.committed(CommittedRound(sequence: 2, round: 4, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                   scalars: [0, 0], contributors: [1], meanLoss: 100), client: 0)
        XCTAssertEqual(s.index(.lossDifference, runSeed: 1, round: 5, client: 0), 0.5, accuracy: 1e-12)
        for _ in 0..<6 {
            s.contributed(round: 9, loss: 1, scalars: [0, 1], delta: nil)
            s.committed(CommittedRound(sequence: 3, round: 9, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                       scalars: [0, 1], contributors: [0], meanLoss: 1), client: 0)
        }
        XCTAssertEqual(s.index(.lossDifferenceFiveRound, runSeed: 1, round: 10, client: 0), 0, accuracy: 1e-12)
        let r1 = s.index(.random, runSeed: 1, round: 10, client: 0)
        XCTAssertEqual(r1, s.index(.random, runSeed: 1, round: 10, client: 0))
        XCTAssertNotEqual(r1, s.index(.random, runSeed: 1, round: 11, client: 0))
        XCTAssert((0..<1).contains(r1))
    }

    /// A contribution the committed round did not count (late, dropped) teaches nothing, so
    /// the state is a function of the ledger; a replayed commit is consumed only once.
    func testOnlyCountedContributionsMoveTheSignals() {
        var s = PersonalizationState()
        s.contributed(round: 3, loss: 3, scalars: [1, 0], delta: nil)
        let without = CommittedRound(sequence: 1, round: 3, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                     scalars: [0, 1], contributors: [1], meanLoss: 1)
        XCTAssertTrue(s.committed(without, client: 0))
        XCTAssertEqual(s, PersonalizationState())
        s.contributed(round: 4, loss: 3, scalars: [1, 0], delta: nil)
        let with = CommittedRound(sequence: 2, round: 4, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                  scalars: [0, 1], contributors: [0, 1], meanLoss: 1)
        XCTAssertTrue(s.committed(with, client: 0))
        let once = s
        XCTAssertFalse(s.committed(with, client: 0))
        XCTAssertEqual(s, once)
        XCTAssertEqual(s.lossSignals, [0.5])
    }

    /// The state survives JSON, and a saved state from a peer or a damaged file is refused.
    func testSavedStateRoundTripsAndIsValidated() throws {
        var s = PersonalizationState()
        s.contributed(round: 2, loss: 2, scalars: [1, 0], delta: nil)
        s.committed(CommittedRound(sequence: 1, round: 2, seed: 0, steps: 1, perturbations: 2, learningRate: 1,
                                   scalars: [0, 1], contributors: [0], meanLoss: 1), client: 0)
        s.contributed(round: 5, loss: 0.5, scalars: [0.25, -1], delta: [1, 2, 3])
        let saved = s.savable
        let decoded = try JSONDecoder().decode(PersonalizationState.self, from: JSONEncoder().encode(saved))
        XCTAssertEqual(decoded, saved)
        XCTAssertNoThrow(try decoded.validate(maxScalars: 2))
        XCTAssertThrowsError(try decoded.validate(maxScalars: 1))
        XCTAssertThrowsError(try s.validate(maxScalars: 2), "a d-sized delta is never saved")
        let tooHigh = #"{"loss_signals":[0.5,1.5]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(PersonalizationState.self, from: Data(tooHigh.utf8))
            .validate(maxScalars: 2))
        let tooMany = #"{"loss_signals":[0,0,0,0,0,0]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(PersonalizationState.self, from: Data(tooMany.utf8))
            .validate(maxScalars: 2))
    }

    func testStrategyParsing() throws {
        for s in ["frozen", "random", "loss-diff", "loss-diff-5", "update-diff"] {
            XCTAssertEqual(try RateStrategy(parsing: s).description, s)
        }
        XCTAssertThrowsError(try RateStrategy(parsing: "fast"))
    }
}

final class FingerprintTests: XCTestCase {
    func testFingerprintIsBitSensitive() {
        let a: [Float] = [0, 1, 2]
        XCTAssertEqual(Fingerprint.of(a), Fingerprint.of([0, 1, 2]))
        XCTAssertNotEqual(Fingerprint.of(a), Fingerprint.of([-0.0, 1, 2]))
        XCTAssertNotEqual(Fingerprint.of(a), Fingerprint.of([0, 1, 2], state: [0]))
        // SHA-256 of the 12 little-endian bytes 00000000 0000803f 00000040.
        XCTAssertEqual(Fingerprint.of(a).count, 64)
    }

    func testParameterSpaceOffsets() throws {
        let space = try ParameterSpace(tensors: [TensorSpec(name: "a", shape: [2, 3]), TensorSpec(name: "b", shape: [4]),
                                                 TensorSpec(name: "c", shape: [5])], selection: .named(["a", "c"]))
        XCTAssertEqual(space.dimension, 11)
        XCTAssertEqual(space.range(of: "a"), 0..<6)
        XCTAssertEqual(space.range(of: "c"), 6..<11)
        XCTAssertNil(space.range(of: "b"))
        XCTAssertThrowsError(try ParameterSpace(tensors: [TensorSpec(name: "a", shape: [1])], selection: .named(["zz"])))
    }
}
