import SeedFLNode
import XCTest

/// `run.zo.seed_pool`: parsed, left out of the fingerprint when absent, the round seeds drawn
/// from the pool, and every combination it cannot honour refused naming the field.
final class SeedPoolConfigTests: XCTestCase {
    private let base = "run:\n  clients: 2\n  sample: 1\n  model: { kind: synthetic, dimension: 8, examples: 16 }\n"

    func testThePoolParsesTurnsSnapshotsOffAndDrawsSeedsFromItself() throws {
        let plain = try TopologyFile.parse(base, path: "plain.yaml")
        XCTAssertNil(plain.run.zo.optimizer.seedPool)
        let pooled = try TopologyFile.parse(base + "  zo: { seed_pool: 3 }\n", path: "pool.yaml")
        XCTAssertEqual(pooled.run.zo.optimizer.seedPool, 3)
        XCTAssertEqual(pooled.deployment.snapshotLag, 0, "a pooled trainer catches up from history alone")
        XCTAssertNotEqual(plain.run.fingerprint, pooled.run.fingerprint)
        XCTAssertFalse(String(decoding: plain.run.canonicalDescription, as: UTF8.self).contains("seedPool"),
                       "absent, the pool leaves every existing run's fingerprint as it was")

        let seeds = Set((1...200).map { RoundPlan.seed(runSeed: 7, round: UInt64($0), pool: 3) })
        XCTAssertEqual(seeds, Set((0..<3).map { RoundPlan.poolSeed(runSeed: 7, index: UInt64($0)) }))
        XCTAssertEqual(Set((1...200).map { RoundPlan.seed(runSeed: 7, round: UInt64($0)) }).count, 200)
    }

    func testWhatAPoolCannotHonourIsRefusedNamingTheField() throws {
        for (yaml, field) in [
            ("  zo: { seed_pool: 0 }\n", "run.zo.seed_pool"),
            ("  zo: { seed_pool: 4, momentum: 0.9 }\n", "run.zo.seed_pool"),
            ("  zo: { seed_pool: 4, weight_decay: 0.01 }\n", "run.zo.seed_pool"),
            ("  algorithm: fedzo\n  zo: { seed_pool: 4 }\n", "run.zo.seed_pool"),
            ("  zo: { seed_pool: 4 }\ndeployment:\n  snapshot_lag: 100\n", "deployment.snapshot_lag"),
            ("  zo: { seed_pool: 4 }\ndeployment:\n  broker: { snapshot_every: 10 }\n", "deployment.broker.snapshot_every"),
        ] {
            XCTAssertThrowsError(try TopologyFile.parse(base + yaml, path: "bad.yaml"), yaml) { error in
                XCTAssertEqual((error as? ConfigError)?.field, field, "\(yaml): \(error)")
            }
        }
    }
}
