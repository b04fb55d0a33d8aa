import Foundation
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

final class LauncherSummaryTests: XCTestCase {
    private func trainer(_ id: Int, sequence: UInt64, contributed: Int, bytes: Int, received: Int) -> RoleStatus {
        var s = RoleStatus(role: "trainer-\(id)")
        s.id = id
        s.appliedSequence = sequence
        s.fingerprint = "fp\(id)"
        s.roundsContributed = contributed
        s.contributionBytes = bytes
        s.wireBytes = WireBytes(sent: bytes, received: received + 50)   // + heartbeats: not per-round traffic
        s.roundBytesReceived = received
        s.drops = ["duplicate": 1]
        return s
    }

    private func verification(latest: UInt64) -> VerificationReport {
        VerificationReport(runDirectory: "runs/x", roundsCommitted: Int(latest), roundsAborted: 2, latestSequence: latest,
                           ledgerFingerprint: "ledger", modelFingerprint: "fp0", initialLoss: 0.7, finalLoss: 0.5,
                           initialAccuracy: 0.5, finalAccuracy: 0.6,
                           trainers: [TrainerCheck(id: 0, appliedSequence: latest, fingerprint: "fp0", expected: "fp0", verdict: .match),
                                      TrainerCheck(id: 1, appliedSequence: latest - 1, fingerprint: "fp1", expected: "fp1", verdict: .lagging)],
                           missingTrainers: [])
    }

    func testSummaryComputesPerTrainerTrafficAndHasEveryKey() throws {
        var status = RunStatus()
        status.roles["trainer-0"] = trainer(0, sequence: 10, contributed: 4, bytes: 400, received: 3000)
        status.roles["trainer-1"] = trainer(1, sequence: 9, contributed: 6, bytes: 600, received: 1000)
        var broker = RoleStatus(role: "broker")
        broker.wireBytes = WireBytes(sent: 9, received: 8)
        broker.drops = ["stale": 3]
        status.roles["broker"] = broker

        let summary = RunSummary(verification: verification(latest: 10), status: status, deadTrainers: ["trainer-3"],
                                 seconds: 1.5)
        XCTAssertEqual(summary.uplinkBytesPerTrainerPerRound, 100) // (400 + 600) / (4 + 6)
        XCTAssertEqual(summary.downlinkBytesPerTrainerPerRound, 200) // (3000 + 1000) / 2 trainers / 10 rounds
        XCTAssertEqual(summary.trainerFingerprints, ["0": "fp0"])
        XCTAssertEqual(summary.laggingTrainers, [1])
        XCTAssertEqual(summary.drops, ["duplicate": 2, "stale": 3])

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: summary.json()) as? [String: Any])
        let required = ["rounds_committed", "rounds_aborted", "ledger_fingerprint", "trainer_fingerprints", "initial_loss",
                        "final_loss", "initial_accuracy", "final_accuracy", "wire_bytes",
                        "uplink_bytes_per_trainer_per_round", "downlink_bytes_per_trainer_per_round",
                        "fingerprint_mismatches", "drops", "run_dir", "seconds"]
        for key in required { XCTAssertNotNil(object[key], key) }
        let wire = try XCTUnwrap(object["wire_bytes"] as? [String: [String: Int]])
        XCTAssertEqual(wire["trainer-0"], ["sent": 400, "received": 3050])
        XCTAssertTrue(summary.humanReadable.contains("OK"))
    }

    func testNoRoundsMeansZeroTrafficRatesNotDivisionByZero() {
        let summary = RunSummary(verification: VerificationReport(
            runDirectory: "r", roundsCommitted: 0, roundsAborted: 0, latestSequence: 0, ledgerFingerprint: "l",
            modelFingerprint: "m", initialLoss: 1, finalLoss: 1, initialAccuracy: nil, finalAccuracy: nil,
            trainers: [], missingTrainers: [0]), status: RunStatus(), seconds: 0)
        XCTAssertEqual(summary.uplinkBytesPerTrainerPerRound, 0)
        XCTAssertEqual(summary.downlinkBytesPerTrainerPerRound, 0)
    }

    func testCompletionNeedsBrokerDoneAndEveryLiveTrainerAtTheLatestSequence() throws {
        var broker = RoleStatus(role: "broker")
        broker.done = false
        broker.latestSequence = 10
        var status = RunStatus()
        status.roles["broker"] = broker
        status.roles["trainer-0"] = trainer(0, sequence: 10, contributed: 1, bytes: 1, received: 1)
        status.roles["trainer-1"] = trainer(1, sequence: 9, contributed: 1, bytes: 1, received: 1)
        XCTAssertFalse(status.isComplete(trainers: [0]), "broker not done")
        status.roles["broker"]?.done = true
        XCTAssertTrue(status.isComplete(trainers: [0]))
        XCTAssertFalse(status.isComplete(trainers: [0, 1]), "trainer 1 lags")
        XCTAssertFalse(status.isComplete(trainers: [0, 2]), "trainer 2 has no status")
        XCTAssertFalse(RunStatus().isComplete(trainers: []), "no broker status")
    }

    func testStatusFilesAreReadAndBadOnesListed() throws {
        let dir = try LauncherFixtures.temporaryDirectory("status")
        try LauncherFixtures.writeStatus(["role": "trainer-4", "applied_sequence": 3, "fingerprint": "ab",
                                          "wire_bytes": ["sent": 1, "received": 2]],
                                         role: "trainer-4", statusDirectory: dir)
        try "{not json".write(toFile: dir + "/broker.json", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let status = RunStatus.read(directory: dir)
        XCTAssertEqual(Array(status.trainers.keys), [4], "id taken from the file name when the file has none")
        XCTAssertEqual(status.trainers[4]?.appliedSequence, 3)
        XCTAssertEqual(status.wireBytes["trainer-4"], WireBytes(sent: 1, received: 2))
        XCTAssertEqual(Array(status.unreadable.keys), ["broker.json"])
        XCTAssertTrue(RunStatus.read(directory: dir + "/missing").roles.isEmpty)
    }
}
