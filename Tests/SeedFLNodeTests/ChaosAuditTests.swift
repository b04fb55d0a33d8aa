import Foundation
import XCTest
import SeedFLCore
import SeedFLStore
@testable import SeedFLLauncher
@testable import SeedFLNode

/// The chaos checks on real ledgers written from a simulation: a faithful ledger passes every
/// check, and each kind of damage a fault could cause is caught by the check meant for it.
final class ChaosAuditTests: XCTestCase {
    private struct Run {
        var directory: RunDirectory
        var topology: TopologyFile
        var simulated: [CommittedRound]
        var fingerprint: String
    }

    /// Simulates the synthetic launcher topology and stores its rounds, after `damage`, as a run directory.
    private func run(_ label: String, damage: (inout [CommittedRound]) -> Void = { _ in }) throws -> Run {
        let root = try LauncherFixtures.temporaryDirectory("chaos-\(label)")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(rounds: 8), in: root)
        let topology = try TopologyFile.load(path: source)
        let directory = RunDirectory(root + "/run")
        _ = try directory.prepare(topologySource: source, topology: topology, fresh: false)
        var simulator = Simulator(run: topology.run, prepared: try ModelFactory.prepare(topology.run))
        let report = try simulator.simulate()
        var rounds = simulator.ledger
        damage(&rounds)
        let ledger = try Ledger(path: directory.ledger, run: RunIdentity(runID: topology.run.seed, configFingerprint: "chaos-test"))
        for round in rounds { try ledger.append(round) }
        ledger.close()
        return Run(directory: directory, topology: topology, simulated: simulator.ledger, fingerprint: report.fingerprint)
    }

    private func observations(_ claims: [(UInt64, String)]) -> ChaosObservations {
        var observations = ChaosObservations()
        for (i, claim) in claims.enumerated() {
            var status = RoleStatus(role: "trainer-\(i)")
            status.id = i
            status.appliedSequence = claim.0
            status.fingerprint = claim.1
            status.catchUpSeconds = Double(i)
            observations.record(RunStatus(roles: ["trainer-\(i)": status]))
        }
        return observations
    }

    func testFaithfulLedgerPassesEveryCheck() throws {
        let r = try run("faithful")
        let ledger = try ChaosLedgerAudit.audit(ledgerPath: r.directory.ledger, run: r.topology.run)
        XCTAssertEqual(ledger.roundsCommitted, 8)
        XCTAssertEqual(ledger.latestSequence, 8)
        XCTAssertEqual(ledger.duplicateSequenceNumbers, 0)
        XCTAssertEqual(ledger.sequenceGaps, 0)
        XCTAssertEqual(ledger.duplicateRoundNumbers, 0)
        XCTAssertEqual(ledger.invalidRounds, [])
        XCTAssertEqual(ledger.integrity, "ok")

        let seen = observations([(8, r.fingerprint), (8, r.fingerprint)])
        XCTAssertEqual(seen.maxAppliedSequence, 8)
        XCTAssertEqual(seen.maxCatchUpSeconds, 1)
        let replay = try ChaosReplayAudit.audit(runDirectory: r.directory.path, observations: seen, recompute: true)
        XCTAssertEqual(replay.recompute, "checked")
        XCTAssertEqual(replay.recomputedRounds, 8)
        XCTAssertEqual(replay.recomputeMismatches, 0)
        XCTAssertEqual(replay.claimsChecked, 1, "one distinct claim")
        XCTAssertEqual(replay.claimMismatches, [])
        XCTAssertEqual(replay.faultFree?.identicalPrefix, 8)
        XCTAssertEqual(replay.faultFree?.meanLoss.last?.chaos, r.simulated.last?.meanLoss)
    }

    func testAWrongFingerprintClaimIsAMismatch() throws {
        let r = try run("claim")
        let wrong = String(repeating: "ab", count: 32)
        let replay = try ChaosReplayAudit.audit(runDirectory: r.directory.path,
                                                observations: observations([(3, wrong), (8, r.fingerprint)]),
                                                recompute: false)
        XCTAssertEqual(replay.claimsChecked, 2)
        XCTAssertEqual(replay.claimMismatches.count, 1)
        XCTAssertTrue(replay.claimMismatches[0].hasPrefix("sequence 3:"), "\(replay.claimMismatches)")
        XCTAssertEqual(replay.recompute, "skipped: not requested")
        XCTAssertNil(replay.faultFree)
    }

    func testAnAlteredUpdateIsCaughtByTheRecompute() throws {
        // A valid-looking round (finite, right seed and contributors) with one scalar changed
        // in its last bit: only recomputing the round from its predecessors can tell.
        let r = try run("altered") { rounds in rounds[2].scalars[0] = rounds[2].scalars[0].nextUp }
        let ledger = try ChaosLedgerAudit.audit(ledgerPath: r.directory.ledger, run: r.topology.run)
        XCTAssertEqual(ledger.invalidRounds, [])
        let replay = try ChaosReplayAudit.audit(runDirectory: r.directory.path, observations: ChaosObservations(),
                                                recompute: true)
        XCTAssertGreaterThanOrEqual(replay.recomputeMismatches, 1)
        XCTAssertTrue(replay.recomputeExamples.first?.hasPrefix("sequence 3 ") ?? false, "\(replay.recomputeExamples)")
        XCTAssertEqual(replay.faultFree?.identicalPrefix, 2)
    }

    func testRoundsBreakingTheRunRulesAreInvalid() throws {
        let r = try run("rules") { rounds in
            rounds[1].seed ^= 1
            rounds[4].contributors = [0, 99]
        }
        let ledger = try ChaosLedgerAudit.audit(ledgerPath: r.directory.ledger, run: r.topology.run)
        XCTAssertEqual(ledger.invalidRounds.count, 2, "\(ledger.invalidRounds)")
        XCTAssertTrue(ledger.invalidRounds[0].contains("seed"))
        XCTAssertTrue(ledger.invalidRounds[1].contains("contributor 99"))

        var nonFinite = r.simulated[0]
        nonFinite.scalars[1] = .nan
        XCTAssertEqual(ChaosLedgerAudit.problem(in: nonFinite, run: r.topology.run), "non-finite update")
        var otherRate = r.simulated[0]
        otherRate.learningRate *= 2
        XCTAssertNotNil(ChaosLedgerAudit.problem(in: otherRate, run: r.topology.run))
        XCTAssertNil(ChaosLedgerAudit.problem(in: r.simulated[0], run: r.topology.run))
    }
}
