import Foundation
import SeedFLCore
import SeedFLModels
import XCTest

/// `seedfl export` replays a finished run and writes the trainable tensors as safetensors;
/// reading the file back gives exactly the model every trainer ended with.
final class ExportCommandTests: XCTestCase {
    func testExportedWeightsAreTheReplayedModel() throws {
        let dir = try ProcessHarness.runDirectory("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try ProcessHarness.run(["up", ProcessHarness.topology("smoke.yaml"), "--rounds", "10",
                                          "--run-dir", dir + "/run", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr.suffix(3000).description)
        let summary = ProcessHarness.lastJSON(run.stdout) ?? [:]
        let fingerprints = summary["trainer_fingerprints"] as? [String: String] ?? [:]
        XCTAssertEqual(fingerprints.count, 4)

        let out = dir + "/weights.safetensors"
        let export = try ProcessHarness.run(["export", "--run", dir + "/run", "--out", out])
        XCTAssertEqual(export.status, 0, export.stderr)
        let file = try SafeTensorsFile(path: out)
        let weight = try XCTUnwrap(file.tensor(named: "weight"))
        XCTAssertEqual(weight.shape, [512])
        XCTAssertEqual(Fingerprint.of(weight.values), fingerprints["0"], "the export is the trainers' model")
        XCTAssertEqual(file.metadata["seedfl.model"], "logreg")

        let bad = try ProcessHarness.run(["export", "--run", dir + "/nothing-here", "--out", out])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssert(bad.stderr.contains("topology"), bad.stderr)
    }
}
