import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

/// The fault schedule is a pure function of the seed and stays inside its documented ranges.
final class ChaosScheduleTests: XCTestCase {
    private func options(seed: UInt64, pause: Double = 0.25, brokerKills: Int = 2, aggregatorKills: Int = 3) -> ChaosOptions {
        ChaosOptions(topologyPath: "unused.yaml", seed: seed, killInterval: 2, maxDown: 3, pauseProbability: pause,
                     brokerKills: brokerKills, aggregatorKills: aggregatorKills, executable: "/bin/false")
    }

    private func faults(_ schedule: ChaosSchedule, _ n: Int) -> [ChaosSchedule.TrainerFault] {
        var s = schedule
        return (0..<n).map { _ in s.nextTrainerFault() }
    }

    func testSameSeedSameScheduleOtherSeedOtherSchedule() {
        let a = ChaosSchedule(options: options(seed: 9), rounds: 300, aggregators: ["root", "edge"])
        let b = ChaosSchedule(options: options(seed: 9), rounds: 300, aggregators: ["root", "edge"])
        let c = ChaosSchedule(options: options(seed: 10), rounds: 300, aggregators: ["root", "edge"])
        XCTAssertEqual(a.milestones, b.milestones)
        XCTAssertEqual(faults(a, 50), faults(b, 50))
        XCTAssertNotEqual(faults(a, 50), faults(c, 50))
    }

    func testMilestonesAreInsideTheRunAndSorted() {
        let schedule = ChaosSchedule(options: options(seed: 4), rounds: 200, aggregators: ["root", "edge"])
        XCTAssertEqual(schedule.milestones.filter { $0.target == .broker }.count, 2)
        XCTAssertEqual(schedule.milestones.filter { $0.target != .broker }.count, 3)
        for m in schedule.milestones {
            XCTAssertTrue((20...180).contains(m.afterRounds), "\(m)")
            XCTAssertTrue((0...3).contains(m.downSeconds), "\(m)")
            if case .aggregator(let name) = m.target { XCTAssertTrue(["root", "edge"].contains(name)) }
        }
        XCTAssertEqual(schedule.milestones.map(\.afterRounds), schedule.milestones.map(\.afterRounds).sorted())
        // No aggregator to kill: only the broker's milestones remain.
        XCTAssertEqual(ChaosSchedule(options: options(seed: 4), rounds: 200, aggregators: []).milestones.count, 2)
    }

    func testTrainerFaultsStayInTheirRanges() {
        let all = faults(ChaosSchedule(options: options(seed: 5), rounds: 100, aggregators: ["root"]), 2_000)
        for f in all {
            XCTAssertTrue((1...3).contains(f.gapSeconds), "gap \(f.gapSeconds) outside [0.5, 1.5] x 2 s")
            XCTAssertTrue((0...3).contains(f.downSeconds))
        }
        let pauses = all.filter(\.isPause).count
        XCTAssertTrue((300...700).contains(pauses), "\(pauses) pauses of 2000 at probability 0.25")
        XCTAssertFalse(faults(ChaosSchedule(options: options(seed: 5, pause: 0), rounds: 100, aggregators: []), 200)
            .contains(where: \.isPause))
        XCTAssertTrue(faults(ChaosSchedule(options: options(seed: 5, pause: 1), rounds: 100, aggregators: []), 200)
            .allSatisfy(\.isPause))
    }

    func testOptionsOutOfRangeAreRefused() {
        var bad: [ChaosOptions] = []
        for change in [{ (o: inout ChaosOptions) in o.killInterval = 0 }, { $0.maxDown = -1 },
                       { $0.pauseProbability = 1.5 }, { $0.brokerKills = -1 }, { $0.timeout = .infinity },
                       { $0.rounds = 0 }, { $0.trainerFaults = -2 }] {
            var o = options(seed: 1)
            change(&o)
            bad.append(o)
        }
        for o in bad {
            XCTAssertThrowsError(try o.validate()) { XCTAssertEqual(($0 as? LauncherError)?.code, .invalidArgument) }
        }
        XCTAssertNoThrow(try options(seed: 1).validate())
    }
}
