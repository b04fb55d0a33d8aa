import Foundation
import SeedFLCore
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

final class LauncherVerifierTests: XCTestCase {
    /// A run directory with a real ledger (from the simulator) and a topology copy.
    private func makeRun(_ label: String) throws -> (RunDirectory, TopologyFile, SimulationReport, [CommittedRound]) {
        let root = try LauncherFixtures.temporaryDirectory(label)
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(), in: root)
        let topology = try TopologyFile.load(path: source)
        let directory = RunDirectory(root + "/run")
        _ = try directory.prepare(topologySource: source, topology: topology, fresh: false)
        let (report, rounds) = try LauncherFixtures.writeLedger(for: topology, at: directory.ledger)
        return (directory, topology, report, rounds)
    }

    private func fingerprint(after count: Int, of rounds: [CommittedRound], run: RunConfig) throws -> String {
        let prepared = try ModelFactory.prepare(run)
        var state = ReplayState(base: prepared.model.initialParameters(), optimizer: run.zo.optimizer,
                                seedShift: try run.seedShift())
        try state.apply(rounds.prefix(count))
        return state.fingerprint
    }

    private func trainer(_ id: Int, sequence: Int, fingerprint: String) -> [String: Any] {
        ["role": "trainer-\(id)", "id": id, "applied_sequence": sequence, "fingerprint": fingerprint]
    }

    func testReplayMatchesTheSimulationAndFlagsAWrongTrainer() throws {
        let (directory, topology, simulated, rounds) = try makeRun("verify")
        let latest = rounds.count
        try LauncherFixtures.writeStatus(trainer(0, sequence: latest, fingerprint: simulated.fingerprint),
                                         role: "trainer-0", statusDirectory: directory.status)
        try LauncherFixtures.writeStatus(trainer(1, sequence: latest, fingerprint: String(repeating: "0", count: 64)),
                                         role: "trainer-1", statusDirectory: directory.status)
        let lagging = try fingerprint(after: 2, of: rounds, run: topology.run)
        try LauncherFixtures.writeStatus(trainer(2, sequence: 2, fingerprint: lagging),
                                         role: "trainer-2", statusDirectory: directory.status)

        let report = try RunVerifier(runDirectory: directory.path).verify()
        XCTAssertEqual(report.roundsCommitted, latest)
        XCTAssertEqual(report.roundsAborted, 1)
        XCTAssertEqual(report.latestSequence, UInt64(latest))
        XCTAssertEqual(report.ledgerFingerprint, simulated.ledgerFingerprint)
        XCTAssertEqual(report.modelFingerprint, simulated.fingerprint)
        XCTAssertEqual(report.initialLoss, simulated.initialLoss)
        XCTAssertEqual(report.finalLoss, simulated.finalLoss)
        XCTAssertNil(report.finalAccuracy, "the synthetic model does not classify")
        XCTAssertEqual(report.trainers.map(\.verdict), [.match, .mismatch, .lagging])
        XCTAssertEqual(report.trainers[1].expected, simulated.fingerprint)
        XCTAssertEqual(report.fingerprintMismatches, 1)
        XCTAssertEqual(report.laggingTrainers, [2])
        XCTAssertEqual(report.missingTrainers, [])
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.humanReadable.contains("FAILED"))

        // Without the wrong trainer the run passes; its absence is reported, not fatal.
        try FileManager.default.removeItem(atPath: directory.status + "/trainer-1.json")
        let fixed = try RunVerifier(runDirectory: directory.path).verify()
        XCTAssertTrue(fixed.passed)
        XCTAssertEqual(fixed.missingTrainers, [1])
    }

    func testLaggingTrainerWithAWrongModelIsAMismatch() throws {
        let (directory, _, simulated, rounds) = try makeRun("lag")
        // The final fingerprint claimed at an earlier sequence cannot be right.
        try LauncherFixtures.writeStatus(trainer(0, sequence: rounds.count - 1, fingerprint: simulated.fingerprint),
                                         role: "trainer-0", statusDirectory: directory.status)
        // A sequence the ledger never reached.
        try LauncherFixtures.writeStatus(trainer(1, sequence: rounds.count + 5, fingerprint: simulated.fingerprint),
                                         role: "trainer-1", statusDirectory: directory.status)
        let report = try RunVerifier(runDirectory: directory.path).verify()
        XCTAssertEqual(report.trainers.map(\.verdict), [.mismatch, .mismatch])
        XCTAssertEqual(report.fingerprintMismatches, 2)
    }

    func testJSONReportCarriesTheVerdicts() throws {
        let (directory, _, simulated, rounds) = try makeRun("json")
        try LauncherFixtures.writeStatus(trainer(0, sequence: rounds.count, fingerprint: simulated.fingerprint),
                                         role: "trainer-0", statusDirectory: directory.status)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(
            with: try RunVerifier(runDirectory: directory.path).verify().json()) as? [String: Any])
        for key in ["rounds_committed", "rounds_aborted", "ledger_fingerprint", "model_fingerprint", "initial_loss",
                    "final_loss", "trainers", "fingerprint_mismatches", "lagging_trainers", "passed", "run_dir"] {
            XCTAssertNotNil(object[key], key)
        }
        XCTAssertEqual(object["passed"] as? Bool, true)
    }

    func testMissingLedgerIsAClearFailure() throws {
        let root = try LauncherFixtures.temporaryDirectory("noledger")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(), in: root)
        let directory = RunDirectory(root + "/run")
        _ = try directory.prepare(topologySource: source, topology: try TopologyFile.load(path: source), fresh: false)
        XCTAssertThrowsError(try RunVerifier(runDirectory: directory.path).verify()) { error in
            XCTAssertEqual((error as? RunVerifier.Failure)?.stage, "ledger")
        }
        XCTAssertThrowsError(try RunVerifier(runDirectory: root + "/nowhere").verify()) { error in
            XCTAssertEqual((error as? RunVerifier.Failure)?.stage, "topology")
        }
    }
}
