import SeedFLCore
import SeedFLStore
import XCTest

final class LedgerRoundTripTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testEdgeFloatsAndLargeSeedsRoundTripBitExactly() throws {
        let edges: [Float] = [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            Float(bitPattern: 0x007F_FFFF),  // largest subnormal
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, .ulpOfOne, 1e-20, 3.0e38,
        ]
        let seedRound = CommittedRound(
            sequence: 1, round: 1, seed: UInt64.max, steps: 1, perturbations: edges.count,
            learningRate: .leastNonzeroMagnitude, scalars: edges, contributors: [0, 7, UInt32.max],
            meanLoss: -0.0)
        let seedAboveInt64 = CommittedRound(
            sequence: 2, round: 5, seed: UInt64(Int64.max) + 1, steps: 0, perturbations: 0,
            learningRate: -.greatestFiniteMagnitude, scalars: [], contributors: [], meanLoss: .infinity)
        let denseRound = CommittedRound(
            sequence: 3, round: 6, seed: 0, steps: 4, perturbations: 2, learningRate: 1e-3,
            scalars: [], contributors: [42], meanLoss: .nan, dense: edges.reversed())
        let path = directory.path("ledger.sqlite")
        do {
            let ledger = try Ledger(path: path, run: Fixtures.run)
            for round in [seedRound, seedAboveInt64, denseRound] { try ledger.append(round) }
            assertBitIdentical(try ledger.round(sequence: 1), seedRound)
            ledger.close()
        }
        // Read back through a fresh connection so nothing can come from a cache.
        let reader = try Ledger(readOnlyAt: path)
        defer { reader.close() }
        let stored = try reader.rounds(after: 0, limit: 10)
        XCTAssertEqual(stored.count, 3)
        assertBitIdentical(stored[0], seedRound)
        assertBitIdentical(stored[1], seedAboveInt64)
        XCTAssertEqual(stored[1].seed, 9_223_372_036_854_775_808)
        XCTAssertEqual(stored[2].meanLoss.bitPattern, Float.nan.bitPattern, "meanLoss is informational; its bits survive")
        XCTAssertEqual(stored[2].dense?.map(\.bitPattern), edges.reversed().map(\.bitPattern))
        XCTAssertEqual(stored[1].meanLoss, .infinity)
    }

    func testFreshLedgerIsEmpty() throws {
        let ledger = try Ledger(path: directory.path("empty.sqlite"), run: Fixtures.run)
        defer { ledger.close() }
        XCTAssertEqual(ledger.latestSequence, 0)
        XCTAssertEqual(ledger.nextRound, 1)
        XCTAssertEqual(try ledger.rounds(after: 0, limit: 100), [])
        XCTAssertNil(try ledger.round(sequence: 1))
        XCTAssertEqual(try ledger.abortedRounds(), [])
        XCTAssertNil(try ledger.latestSnapshot())
        XCTAssertNoThrow(try ledger.checkIntegrity())
    }

    func testNonFiniteModelValuesAreRefusedAndChangeNothing() throws {
        let ledger = try Ledger(path: directory.path("nonfinite.sqlite"), run: Fixtures.run)
        defer { ledger.close() }
        var nanScalar = Fixtures.round(sequence: 1, round: 1)
        nanScalar.scalars[3] = .nan
        var infiniteRate = Fixtures.round(sequence: 1, round: 1)
        infiniteRate.learningRate = -.infinity
        let infiniteDense = CommittedRound(sequence: 1, round: 1, seed: 1, steps: 1, perturbations: 1,
                                           learningRate: 0.1, scalars: [], contributors: [],
                                           meanLoss: 0, dense: [1, .infinity])
        for bad in [nanScalar, infiniteRate, infiniteDense] {
            XCTAssertEqual(ledgerError { try ledger.append(bad) }?.code, .invalidRecord)
        }
        XCTAssertEqual(ledger.latestSequence, 0)
        XCTAssertEqual(try ledger.rounds(after: 0, limit: 10), [])
    }

    func testInconsistentRecordsAreRefused() throws {
        let ledger = try Ledger(path: directory.path("inconsistent.sqlite"), run: Fixtures.run)
        defer { ledger.close() }
        var wrongCount = Fixtures.round(sequence: 1, round: 1)
        wrongCount.scalars.removeLast()
        var unsortedContributors = Fixtures.round(sequence: 1, round: 1)
        unsortedContributors.contributors = [3, 3]
        var negativeSteps = Fixtures.round(sequence: 1, round: 1)
        negativeSteps.steps = -2
        negativeSteps.perturbations = -3
        var denseWithScalars = Fixtures.round(sequence: 1, round: 1)
        denseWithScalars.dense = [1, 2]
        let hugeRound = Fixtures.round(sequence: 1, round: UInt64(Int64.max) + 1)
        for bad in [wrongCount, unsortedContributors, negativeSteps, denseWithScalars, hugeRound] {
            XCTAssertEqual(ledgerError { try ledger.append(bad) }?.code, .invalidRecord, "\(bad)")
        }
        XCTAssertEqual(ledger.latestSequence, 0)
        XCTAssertEqual(ledger.nextRound, 1)
    }
}
