import SeedFLCore
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

/// The broker's side of "a dead trainer is noticed when it dies": the liveness table reports
/// each death once, says when the next one can happen, and `seedfl chaos` matches kills to
/// the broker's death records.
final class LivenessDetectionTests: XCTestCase {
    func testDeathsAreReportedOnceAndTheNextExpiryIsKnown() {
        let start = ContinuousClock.now
        var table = LivenessTable(window: .seconds(3))
        table.heard(1, at: start)
        table.heard(2, at: start + .seconds(1))
        XCTAssertEqual(table.nextExpiry(after: start), start + .seconds(3) + .milliseconds(1))
        XCTAssertTrue(table.newlyDead(at: start + .seconds(3)).isEmpty, "a window of 3 s includes its end")
        let first = table.newlyDead(at: start + .milliseconds(3_500))
        XCTAssertEqual(first.map(\.id), [1])
        XCTAssertEqual(first.first?.silent, .milliseconds(3_500))
        XCTAssertTrue(table.newlyDead(at: start + .milliseconds(3_600)).isEmpty, "reported once")
        XCTAssertEqual(table.nextExpiry(after: start + .milliseconds(3_600)), start + .seconds(4) + .milliseconds(1),
                       "the dead peer no longer wakes the broker")
        XCTAssertEqual(table.newlyDead(at: start + .seconds(5)).map(\.id), [2])
        XCTAssertNil(table.nextExpiry(after: start + .seconds(5)))
        // Heard again: live, and it can die again.
        table.heard(1, at: start + .seconds(6))
        XCTAssertEqual(table.live(at: start + .seconds(6)), [1])
        XCTAssertEqual(table.newlyDead(at: start + .seconds(10)).map(\.id), [1])
    }

    /// The queue-ordered table answers exactly as the scanning reference on random histories:
    /// peers heard at random, some falling silent, questions asked at random moments.
    func testTheQueueAnswersAsTheScanOnRandomHistories() {
        let start = ContinuousClock.now
        for seed in 0..<50 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            func draw(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
            var fast = LivenessTable(window: .milliseconds(300))
            var scan = ScanningLivenessTable(window: .milliseconds(300))
            var now = start
            for step in 0..<2_000 {
                now += .milliseconds(draw(40))
                switch draw(10) {
                case 0..<6:
                    // Half the peers are quiet for long stretches (they die, some come back).
                    let id = UInt32(draw(20))
                    if id < 10 || draw(8) == 0 {
                        fast.heard(id, at: now)
                        scan.heard(id, at: now)
                    }
                case 6..<8:
                    let a = fast.newlyDead(at: now), b = scan.newlyDead(at: now)
                    XCTAssertEqual(a.map(\.id), b.map(\.id), "seed \(seed), step \(step)")
                    XCTAssertEqual(a.map(\.silent), b.map(\.silent), "seed \(seed), step \(step)")
                case 8:
                    XCTAssertEqual(fast.nextExpiry(after: now), scan.nextExpiry(after: now), "seed \(seed), step \(step)")
                default:
                    XCTAssertEqual(fast.live(at: now), scan.live(at: now), "seed \(seed), step \(step)")
                    let id = UInt32(draw(20))
                    XCTAssertEqual(fast.isLive(id, at: now), scan.isLive(id, at: now))
                }
            }
        }
    }

    func testKillsAreMatchedToTheFirstDeathBeforeTheTrainersNextKill() {
        let kills = [ChaosDetection.Kill(trainer: 1, unixMilliseconds: 10_000),
                     ChaosDetection.Kill(trainer: 2, unixMilliseconds: 11_000),
                     ChaosDetection.Kill(trainer: 1, unixMilliseconds: 20_000),
                     ChaosDetection.Kill(trainer: 3, unixMilliseconds: 30_000)]
        let deaths = [LivenessRecord(trainer: 1, unixMilliseconds: 9_000, silentMilliseconds: 3_000),   // before: not it
                      LivenessRecord(trainer: 1, unixMilliseconds: 12_500, silentMilliseconds: 3_000),
                      LivenessRecord(trainer: 2, unixMilliseconds: 13_900, silentMilliseconds: 3_000),
                      LivenessRecord(trainer: 1, unixMilliseconds: 22_000, silentMilliseconds: 3_000),
                      LivenessRecord(trainer: 1, unixMilliseconds: 25_000, silentMilliseconds: 3_000)]
        let detection = ChaosDetection(kills: kills, deaths: deaths)
        XCTAssertEqual(detection.detectionSeconds, [2.5, 2.9, 2.0])
        XCTAssertEqual(detection.undetected, 1, "trainer 3 was back before its window ended")
        XCTAssertEqual(detection.maxSeconds, 2.9)
        XCTAssertNil(ChaosDetection(kills: [], deaths: deaths).maxSeconds)
    }
}
