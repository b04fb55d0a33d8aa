import Foundation
import SeedFLNode

/// Turns a finished chaos run into its ``ChaosReport``: runs the ledger audit, the
/// verifier and the replay audit, and names every invariant that failed.
enum ChaosVerdict {
    /// What the injector did.
    struct Faults {
        var killsByRole: [String: Int]
        var restarts: Int
        var pauses: Int
        var unexpectedExits: [String]
        var timedOut: Bool
        var trainerKills: [ChaosDetection.Kill] = []
    }

    static func check(directory: RunDirectory, run: RunConfig, options: ChaosOptions, final: RunStatus,
                      observations: ChaosObservations, faults: Faults, seconds: () -> Double) throws -> ChaosReport {
        guard FileManager.default.fileExists(atPath: directory.ledger) else {
            throw LauncherError(.runDirectory, "no ledger at \(directory.ledger): the broker never opened it; "
                                + "see \(directory.logs)/broker.log")
        }
        let ledger = try ChaosLedgerAudit.audit(ledgerPath: directory.ledger, run: run)
        let verification = try RunVerifier(runDirectory: directory.path).verify()
        let replay = try ChaosReplayAudit.audit(runDirectory: directory.path, observations: observations,
                                                recompute: options.recompute)

        let deaths = try JSONLines<LivenessRecord>.read(directory.liveness).records
        let detection = ChaosDetection(kills: faults.trainerKills, deaths: deaths)
        let brokerCommitted = final.broker?.roundsCommitted
        let claimed = max(observations.maxAppliedSequence, observations.maxBrokerSequence)
        var lost = claimed > ledger.latestSequence ? Int(claimed - ledger.latestSequence) : 0
        if let brokerCommitted, brokerCommitted != ledger.roundsCommitted { lost += 1 }

        var failures: [String] = []
        func require(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { failures.append(message()) } }
        require(!faults.timedOut, "the run did not finish within \(options.timeout) s")
        require(faults.unexpectedExits.isEmpty, "roles exited without being killed: \(faults.unexpectedExits)")
        require(faults.timedOut || ledger.roundsCommitted >= run.rounds,
                "\(ledger.roundsCommitted) rounds committed, target \(run.rounds)")
        require(ledger.duplicateSequenceNumbers == 0, "\(ledger.duplicateSequenceNumbers) duplicate sequence numbers")
        require(ledger.sequenceGaps == 0, "\(ledger.sequenceGaps) sequence numbers missing")
        require(ledger.duplicateRoundNumbers == 0, "\(ledger.duplicateRoundNumbers) round numbers reused")
        require(ledger.integrity == "ok", "ledger integrity: \(ledger.integrity)")
        require(lost == 0, "lost commits: trainers/broker reported sequence \(claimed), broker count "
                + "\(brokerCommitted.map(String.init) ?? "none"), the ledger holds \(ledger.roundsCommitted) up to "
                + "\(ledger.latestSequence)")
        require(verification.fingerprintMismatches == 0,
                "\(verification.fingerprintMismatches) trainers end with a model the ledger does not produce")
        require(replay.claimMismatches.isEmpty, "fingerprints reported during the run differ from the replay: "
                + "\(replay.claimMismatches.prefix(3))")
        require(ledger.invalidRounds.isEmpty, "invalid rounds: \(ledger.invalidRounds.prefix(3))")
        require(replay.recomputeMismatches == 0, "\(replay.recomputeMismatches) committed rounds differ from their "
                + "recomputation: \(replay.recomputeExamples.prefix(2))")
        let atFinal = verification.trainers.filter { $0.appliedSequence == verification.latestSequence }.count
        require(faults.timedOut || atFinal == run.clients, "only \(atFinal) of \(run.clients) trainers at the final sequence")

        return ChaosReport(
            topology: options.topologyPath, runDirectory: directory.path, seed: options.seed, targetRounds: run.rounds,
            seconds: seconds(), kills: faults.killsByRole.values.reduce(0, +), killsByRole: faults.killsByRole,
            restarts: faults.restarts, pauses: faults.pauses, unexpectedExits: faults.unexpectedExits,
            timedOut: faults.timedOut, roundsCommitted: ledger.roundsCommitted, roundsAborted: ledger.roundsAborted,
            latestSequence: ledger.latestSequence, brokerRoundsCommitted: brokerCommitted,
            duplicateSequenceNumbers: ledger.duplicateSequenceNumbers, sequenceGaps: ledger.sequenceGaps,
            duplicateRoundNumbers: ledger.duplicateRoundNumbers, ledgerIntegrity: ledger.integrity,
            lostCommits: lost, maxAppliedSequence: observations.maxAppliedSequence,
            fingerprintMismatches: verification.fingerprintMismatches,
            observedFingerprintsChecked: replay.claimsChecked,
            observedFingerprintMismatches: replay.claimMismatches.count,
            invalidRounds: ledger.invalidRounds.count, recompute: replay.recompute,
            recomputedRounds: replay.recomputedRounds, recomputeMismatches: replay.recomputeMismatches,
            trainersAtFinalSequence: atFinal, trainers: run.clients,
            maxCatchUpSeconds: observations.maxCatchUpSeconds, maxDetectionSeconds: detection.maxSeconds,
            trainerKillsDetected: detection.detectionSeconds.count, trainerKillsUndetected: detection.undetected,
            initialLoss: verification.initialLoss,
            finalLoss: verification.finalLoss, faultFree: replay.faultFree, failures: failures)
    }
}
