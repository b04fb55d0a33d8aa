import SeedFLNode

/// Role statuses rebuilt from scraped metrics: what `seedfl status --metrics URL…` shows for
/// roles on other hosts, in the same form as the status files of a local run (so one view
/// renders both). Each sample's `role` label says whose it is.
public enum MetricsStatus {
    /// The statuses the samples describe, by role name. Only the fields the live view shows are
    /// filled: sequences, the open and sampled rounds, counts, drops, socket bytes, accuracy.
    public static func roles(from samples: [PrometheusSample]) -> [String: RoleStatus] {
        var out: [String: RoleStatus] = [:]
        for sample in samples {
            guard let role = sample.labels["role"], sample.value.isFinite else { continue }
            var s = out[role] ?? RoleStatus(role: role, pid: nil)
            s.metricsURL = nil
            let v = sample.value
            let count = Int(clamping: Int64(v.rounded()))
            let sequence = UInt64(max(0, v.rounded()))
            switch sample.name {
            case MetricName.messagesDropped:
                if let reason = sample.labels["reason"] { s.drops = (s.drops ?? [:]).merging([reason: count], uniquingKeysWith: +) }
            case MetricName.socketSentBytes:
                var w = s.wireBytes ?? WireBytes()
                w.sent += count
                s.wireBytes = w
            case MetricName.socketReceivedBytes:
                var w = s.wireBytes ?? WireBytes()
                w.received += count
                s.wireBytes = w
            case MetricName.ledgerSequence: s.latestSequence = sequence
            case MetricName.openRound: s.openRound = sequence
            case MetricName.roundsAborted: s.roundsAborted = (s.roundsAborted ?? 0) + count
            case MetricName.trainersMarkedDead: s.trainersMarkedDead = count
            case MetricName.contributionsAccepted: s.contributionsAccepted = count
            case MetricName.roundsGivenUp: s.roundsGivenUp = count
            case MetricName.trainerSequence: s.appliedSequence = sequence
            case MetricName.trainerSampledRound: s.sampledRound = sequence
            case MetricName.contributionsSent: s.roundsContributed = count
            case MetricName.evaluatedSequence: s.evaluatedSequence = sequence
            case MetricName.validationAccuracy: s.validationAccuracy = v
            default: continue
            }
            if role.hasPrefix("trainer-") { s.id = Int(role.dropFirst("trainer-".count)) }
            out[role] = s
        }
        // Every scraped role has a drops map, even an empty one: "no drops" is known, not missing.
        for role in out.keys where out[role]?.drops == nil { out[role]?.drops = [:] }
        return out
    }
}
