import Foundation
import SeedFLNode

/// What `seedfl chaos` prints: the faults injected, the run's outcome, and every invariant
/// check with its count (each must be 0 for ``passed``).
public struct ChaosReport: Codable, Sendable, JSONReport {
    /// The topology file, as given.
    public var topology: String
    /// The run directory.
    public var runDirectory: String
    /// The schedule's seed.
    public var seed: UInt64
    /// Target rounds.
    public var targetRounds: Int
    /// Wall time from the first start to the end of the checks.
    public var seconds: Double

    /// SIGKILLs sent.
    public var kills: Int
    /// SIGKILLs by role: `trainer`, `aggregator`, `broker`.
    public var killsByRole: [String: Int]
    /// Processes restarted after a kill (or after an unexpected exit).
    public var restarts: Int
    /// SIGSTOP/SIGCONT pauses.
    public var pauses: Int
    /// Role exits the harness did not cause (a crash of a role is a failure: "bad input is
    /// refused, not fatal", and no fault injected here is input to the survivors).
    public var unexpectedExits: [String]
    /// True when the run did not finish within the timeout.
    public var timedOut: Bool

    /// Rounds in the ledger.
    public var roundsCommitted: Int
    /// Aborted rounds in the ledger.
    public var roundsAborted: Int
    /// The ledger's highest sequence number.
    public var latestSequence: UInt64
    /// The broker's final `rounds_committed` (nil: no status).
    public var brokerRoundsCommitted: Int?

    /// Exactly once: sequence numbers stored more than once.
    public var duplicateSequenceNumbers: Int
    /// Exactly once: sequence numbers missing from `1...latestSequence`.
    public var sequenceGaps: Int
    /// Round numbers committed twice, or both committed and aborted.
    public var duplicateRoundNumbers: Int
    /// `Ledger.checkIntegrity()` verdict.
    public var ledgerIntegrity: String
    /// Commits reported (by a trainer's applied sequence or by the broker's count) that the
    /// final ledger does not hold, plus a broker count that differs from the ledger's.
    public var lostCommits: Int
    /// Highest sequence any trainer reported applying during the run.
    public var maxAppliedSequence: UInt64

    /// One model: final trainer statuses that differ from the replay (``RunVerifier``).
    public var fingerprintMismatches: Int
    /// Distinct (sequence, fingerprint) pairs trainers reported during the run.
    public var observedFingerprintsChecked: Int
    /// Those that differ from the replay at their sequence.
    public var observedFingerprintMismatches: Int
    /// Rounds that break the run's rules (seed, contributors, K, P, learning rate, finiteness).
    public var invalidRounds: Int
    /// Bit-for-bit recomputation of every committed round: "checked" or why it was skipped.
    public var recompute: String
    /// Rounds recomputed.
    public var recomputedRounds: Int
    /// Rounds that differ from their recomputation.
    public var recomputeMismatches: Int
    /// Trainers whose final status is at the ledger's last sequence.
    public var trainersAtFinalSequence: Int
    /// Trainers in the run.
    public var trainers: Int

    /// Longest `catch_up_seconds` any trainer reported.
    public var maxCatchUpSeconds: Double
    /// Longest time from a trainer's SIGKILL to the broker marking it dead (nil when no
    /// killed trainer was marked dead: each came back within its liveness window).
    public var maxDetectionSeconds: Double?
    /// Trainer kills the broker marked dead, and those it never did (``ChaosDetection``).
    public var trainerKillsDetected: Int
    public var trainerKillsUndetected: Int
    /// Test loss of the base model.
    public var initialLoss: Double
    /// Test loss of the replayed final model.
    public var finalLoss: Double
    /// The fault-free simulation of as many rounds (nil when the recompute was skipped).
    public var faultFree: ChaosReplayAudit.FaultFreeComparison?

    /// Each failed check, in words.
    public var failures: [String]
    /// True when every invariant held and the run finished.
    public var passed: Bool { failures.isEmpty }

    enum CodingKeys: String, CodingKey {
        case topology, runDirectory = "run_dir", seed, targetRounds = "target_rounds", seconds
        case kills, killsByRole = "kills_by_role", restarts, pauses, unexpectedExits = "unexpected_exits"
        case timedOut = "timed_out"
        case roundsCommitted = "rounds_committed", roundsAborted = "rounds_aborted", latestSequence = "latest_sequence"
        case brokerRoundsCommitted = "broker_rounds_committed"
        case duplicateSequenceNumbers = "duplicate_sequence_numbers", sequenceGaps = "sequence_gaps"
        case duplicateRoundNumbers = "duplicate_round_numbers", ledgerIntegrity = "ledger_integrity"
        case lostCommits = "lost_commits", maxAppliedSequence = "max_applied_sequence"
        case fingerprintMismatches = "fingerprint_mismatches"
        case observedFingerprintsChecked = "observed_fingerprints_checked"
        case observedFingerprintMismatches = "observed_fingerprint_mismatches"
        case invalidRounds = "invalid_rounds", recompute, recomputedRounds = "recomputed_rounds"
        case recomputeMismatches = "recompute_mismatches"
        case trainersAtFinalSequence = "trainers_at_final_sequence", trainers
        case maxDetectionSeconds = "max_detection_seconds", trainerKillsDetected = "trainer_kills_detected"
        case trainerKillsUndetected = "trainer_kills_undetected"
        case maxCatchUpSeconds = "max_catch_up_seconds", initialLoss = "initial_loss", finalLoss = "final_loss"
        case faultFree = "fault_free", failures
    }

    private enum DerivedKeys: String, CodingKey { case passed }

    /// Encodes the stored fields plus `passed`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(topology, forKey: .topology)
        try c.encode(runDirectory, forKey: .runDirectory)
        try c.encode(seed, forKey: .seed)
        try c.encode(targetRounds, forKey: .targetRounds)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(kills, forKey: .kills)
        try c.encode(killsByRole, forKey: .killsByRole)
        try c.encode(restarts, forKey: .restarts)
        try c.encode(pauses, forKey: .pauses)
        try c.encode(unexpectedExits, forKey: .unexpectedExits)
        try c.encode(timedOut, forKey: .timedOut)
        try c.encode(roundsCommitted, forKey: .roundsCommitted)
        try c.encode(roundsAborted, forKey: .roundsAborted)
        try c.encode(latestSequence, forKey: .latestSequence)
        try c.encodeIfPresent(brokerRoundsCommitted, forKey: .brokerRoundsCommitted)
        try c.encode(duplicateSequenceNumbers, forKey: .duplicateSequenceNumbers)
        try c.encode(sequenceGaps, forKey: .sequenceGaps)
        try c.encode(duplicateRoundNumbers, forKey: .duplicateRoundNumbers)
        try c.encode(ledgerIntegrity, forKey: .ledgerIntegrity)
        try c.encode(lostCommits, forKey: .lostCommits)
        try c.encode(maxAppliedSequence, forKey: .maxAppliedSequence)
        try c.encode(fingerprintMismatches, forKey: .fingerprintMismatches)
        try c.encode(observedFingerprintsChecked, forKey: .observedFingerprintsChecked)
        try c.encode(observedFingerprintMismatches, forKey: .observedFingerprintMismatches)
        try c.encode(invalidRounds, forKey: .invalidRounds)
        try c.encode(recompute, forKey: .recompute)
        try c.encode(recomputedRounds, forKey: .recomputedRounds)
        try c.encode(recomputeMismatches, forKey: .recomputeMismatches)
        try c.encode(trainersAtFinalSequence, forKey: .trainersAtFinalSequence)
        try c.encode(trainers, forKey: .trainers)
        try c.encode(maxCatchUpSeconds, forKey: .maxCatchUpSeconds)
        // null when no kill was detected: absent would hide the field from readers.
        try c.encode(maxDetectionSeconds, forKey: .maxDetectionSeconds)
        try c.encode(trainerKillsDetected, forKey: .trainerKillsDetected)
        try c.encode(trainerKillsUndetected, forKey: .trainerKillsUndetected)
        try c.encode(initialLoss, forKey: .initialLoss)
        try c.encode(finalLoss, forKey: .finalLoss)
        try c.encodeIfPresent(faultFree, forKey: .faultFree)
        try c.encode(failures, forKey: .failures)
        var d = encoder.container(keyedBy: DerivedKeys.self)
        try d.encode(passed, forKey: .passed)
    }

    /// A few lines for people.
    public var humanReadable: String {
        var lines = [
            String(format: "chaos run %@ (seed %llu): %d rounds committed, %d aborted in %.1f s",
                   runDirectory, seed, roundsCommitted, roundsAborted, seconds),
            "faults: \(kills) kills (" + killsByRole.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ") + "), \(restarts) restarts, \(pauses) pauses",
            "exactly once: \(duplicateSequenceNumbers) duplicate sequences, \(sequenceGaps) gaps, "
                + "\(lostCommits) lost commits, integrity \(ledgerIntegrity)",
            "one model: \(fingerprintMismatches) final mismatches, \(observedFingerprintMismatches) of "
                + "\(observedFingerprintsChecked) observed fingerprints wrong; recompute \(recompute) "
                + "(\(recomputeMismatches) of \(recomputedRounds) differ)",
            String(format: "test loss %@ -> %@; longest catch-up %.2f s", VerificationReport.format(initialLoss),
                   VerificationReport.format(finalLoss), maxCatchUpSeconds),
        ]
        lines.append("broker noticed \(trainerKillsDetected) trainer kills"
                     + (maxDetectionSeconds.map { String(format: " (longest %.2f s after the kill)", $0) } ?? "")
                     + "; \(trainerKillsUndetected) trainers were back before their liveness window ended")
        if let f = faultFree {
            lines.append("fault-free run of as many rounds: test loss \(VerificationReport.format(f.finalLoss)), "
                         + "first \(f.identicalPrefix) rounds identical")
        }
        lines += failures.map { "FAILED: \($0)" }
        if passed { lines.append("OK: every invariant held") }
        return lines.joined(separator: "\n")
    }
}
