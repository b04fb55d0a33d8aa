import SeedFLNode
/// What the chaos harness saw in the status files while the run was under fire.
///
/// Status files are overwritten, so a trainer that is killed and restarted, or a broker
/// that loses its state, would hide a past claim; sampling them every poll keeps every claim
/// (sequence, fingerprint) any role made, to be checked against the final ledger. A claim
/// the ledger does not back is a lost commit or a corrupted model, whenever it was made.
public struct ChaosObservations: Sendable {
    /// Fingerprints trainers reported, by the sequence they reported them at.
    public private(set) var fingerprints: [UInt64: Set<String>] = [:]
    /// Highest `applied_sequence` any trainer reported.
    public private(set) var maxAppliedSequence: UInt64 = 0
    /// Highest `latest_sequence` / `rounds_committed` the broker reported.
    public private(set) var maxBrokerSequence: UInt64 = 0
    /// Longest `catch_up_seconds` any trainer reported.
    public private(set) var maxCatchUpSeconds: Double = 0
    /// Status snapshots read.
    public private(set) var samples = 0

    public init() {}

    /// Records one snapshot of the status files.
    public mutating func record(_ status: RunStatus) {
        samples += 1
        for trainer in status.trainers.values {
            if let sequence = trainer.appliedSequence {
                maxAppliedSequence = max(maxAppliedSequence, sequence)
                if let fingerprint = trainer.fingerprint { fingerprints[sequence, default: []].insert(fingerprint) }
            }
            if let seconds = trainer.catchUpSeconds, seconds.isFinite {
                maxCatchUpSeconds = max(maxCatchUpSeconds, seconds)
            }
        }
        if let broker = status.broker {
            let committed = broker.roundsCommitted.map { UInt64(max(0, $0)) } ?? 0
            maxBrokerSequence = max(maxBrokerSequence, broker.latestSequence ?? 0, committed)
        }
    }

    /// Distinct (sequence, fingerprint) claims recorded.
    public var claimCount: Int { fingerprints.values.reduce(0) { $0 + $1.count } }
}
