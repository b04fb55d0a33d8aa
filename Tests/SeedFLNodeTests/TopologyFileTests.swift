import XCTest
import SeedFLCore
@testable import SeedFLNode

final class TopologyFileTests: XCTestCase {
    func testParsesEveryRunField() throws {
        let yaml = """
        name: test
        run:
          algorithm: fedmezo
          clients: 6
          sample: 3
          rounds: 12
          seed: 0x10
          seed_shift: private
          eval_every: 4
          aggregation: trimmed:0.2
          model: { kind: synthetic, dimension: 50, examples: 40 }
          data: { partitioner: iid, test_size: 10, train_limit: 5 }
          zo: { local_steps: 2, perturbations: 3, mu: 0.01, lr: 0.002, batch_size: 4, weight_decay: 0.1 }
          personalization: { strategy: update-diff, max_factor: 3 }
        """
        let t = try TopologyFile.parse(yaml, path: "t.yaml")
        let r = t.run
        XCTAssertEqual(t.name, "test")
        XCTAssertEqual(r.algorithm, .fedmezo)
        XCTAssertEqual(r.zo.estimator, .central, "fedmezo defaults to the two-point estimator")
        XCTAssertEqual([r.clients, r.sample, r.rounds, r.evalEvery], [6, 3, 12, 4])
        XCTAssertEqual(r.seed, 16)
        XCTAssertTrue(r.privateSeedShift)
        XCTAssertEqual(r.seedSecret, "", "a topology never holds the secret")
        XCTAssertEqual(r.aggregation, .trimmedMean(fraction: 0.2))
        XCTAssertEqual(r.model, ModelConfig(kind: .synthetic, buckets: 512, dimension: 50, examples: 40))
        XCTAssertEqual(r.data, DataConfig(path: "", testSize: 10, partitioner: "iid", trainLimit: 5))
        XCTAssertEqual(r.zo.steps, 2)
        XCTAssertEqual(r.zo.perturbations, 3)
        XCTAssertEqual(r.zo.mu, 0.01)
        XCTAssertEqual(r.zo.learningRate, 0.002)
        XCTAssertEqual(r.zo.batchSize, 4)
        XCTAssertEqual(r.zo.optimizer.weightDecay, 0.1)
        XCTAssertEqual(r.personalization, PersonalizedRate(strategy: .updateDifference, maxFactor: 3))
    }

    /// Every error names the file and the field.
    func testErrorsNameFileAndField() {
        let cases: [(String, String)] = [
            ("run:\n  clients: many\n", "run.clients"),
            ("run:\n  algorithm: sgd\n", "run.algorithm"),
            ("run:\n  zo: { lr: -1 }\n", "run.zo.lr"),
            ("run:\n  zo: { learning_rate: 0.1 }\n", "run.zo.learning_rate"),
            ("run:\n  clients: 2\n  sample: 3\n", "run.sample"),
            ("run:\n  aggregation: mode\n", "run.aggregation"),
            ("run:\n  personalization: { strategy: fast }\n", "run.personalization.strategy"),
            ("runn: {}\n", "runn"),
            ("run: [1, 2]\n", "run"),
            ("run:\n  model: { kind: synthetic, dimension: 0 }\n", "run.model.dimension"),
            ("run:\n  zo: { momentum: 1.5 }\n", "run.zo.momentum"),
            ("run: {\n", "(syntax)"),
            ("run:\n  seed_secret: abc\n", "run.seed_secret"),
            ("run:\n  seed_shift: maybe\n", "run.seed_shift"),
            ("run:\n  seed_shift: private\ndeployment:\n  broker: { snapshot_every: 5 }\n", "deployment.broker.snapshot_every"),
        ]
        for (yaml, field) in cases {
            XCTAssertThrowsError(try TopologyFile.parse(yaml, path: "bad.yaml"), yaml) { error in
                guard let e = error as? ConfigError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.file, "bad.yaml", yaml)
                XCTAssertEqual(e.field, field, yaml)
                XCTAssert(e.description.hasPrefix("bad.yaml: field '\(field)'"), e.description)
            }
        }
    }

    func testMissingFileIsAClearError() {
        XCTAssertThrowsError(try TopologyFile.load(path: "/nonexistent/x.yaml")) { error in
            XCTAssertEqual((error as? ConfigError)?.file, "/nonexistent/x.yaml")
        }
    }

    /// The shipped topologies parse.
    func testShippedTopologiesParse() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertFalse(files.isEmpty)
        for f in files { XCTAssertNoThrow(try TopologyFile.load(path: dir.appendingPathComponent(f).path), f) }
    }
}
