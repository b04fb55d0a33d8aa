import SeedFLCore
import XCTest

/// The schedules' shapes: warm-up ramps, decays reach their floor, no committed rate is zero.
final class LearningRateScheduleTests: XCTestCase {
    func rates(_ schedule: LearningRateSchedule, rounds: Int = 10) -> [Float] {
        (1...rounds).map { schedule.rate(base: 1, sequence: UInt64($0), rounds: rounds) }
    }

    func testConstantIsTheBaseRate() {
        XCTAssertEqual(rates(LearningRateSchedule()), [Float](repeating: 1, count: 10))
    }

    func testWarmupRampsLinearlyThenHolds() {
        XCTAssertEqual(rates(LearningRateSchedule(warmupRounds: 4)), [0.25, 0.5, 0.75, 1, 1, 1, 1, 1, 1, 1])
    }

    func testLinearDecayFallsEvenlyTowardTheFloorAndStaysPositive() {
        let r = rates(LearningRateSchedule(decay: .linear, finalFraction: 0), rounds: 5)
        XCTAssertEqual(r, [1, 0.8, 0.6, 0.4, 0.2].map { Float($0) })
        let floor = rates(LearningRateSchedule(decay: .linear, warmupRounds: 2, finalFraction: 0.5), rounds: 6)
        XCTAssertEqual(floor, [0.5, 1, 1, 0.875, 0.75, 0.625])
    }

    func testCosineStartsAtTheBaseAndDecreasesMonotonically() {
        let r = rates(LearningRateSchedule(decay: .cosine, finalFraction: 0.1), rounds: 50)
        XCTAssertEqual(r[0], 1)
        for (a, b) in zip(r, r.dropFirst()) { XCTAssertLessThan(b, a) }
        XCTAssertGreaterThan(r.last ?? 0, 0.1)
        XCTAssertLessThan(r.last ?? 1, 0.11)
        // Halfway through, the cosine is at the middle of its range.
        let half = LearningRateSchedule(decay: .cosine).rate(base: 1, sequence: 51, rounds: 100)
        XCTAssertEqual(half, 0.5, accuracy: 1e-6)
    }

    func testSequencesPastTheRunKeepTheLastRate() {
        let s = LearningRateSchedule(decay: .linear, finalFraction: 0.2)
        XCTAssertEqual(s.rate(base: 2, sequence: 50, rounds: 10), s.rate(base: 2, sequence: 11, rounds: 10))
        XCTAssertEqual(s.rate(base: 2, sequence: 0, rounds: 10), 2, "sequence 0 is treated as the first")
    }
}
