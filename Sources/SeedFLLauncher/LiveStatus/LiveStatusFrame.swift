import Foundation
import SeedFLNode

/// One frame of `seedfl status`: the run as its roles last reported it, as lines of text.
///
/// The same frame serves a local run (status files) and remote roles (scraped metrics,
/// ``MetricsStatus``); whatever a source does not say is left out rather than guessed.
public struct LiveStatusFrame {
    /// Where the statuses came from (the run directory or the URLs), for the title.
    public var source: String
    public var run: RunStatus
    /// Committed rounds per second since the previous frame (nil on the first).
    public var roundsPerSecond: Double?
    /// Trainer rows shown; the rest are summed up in one line (the most lagging come first).
    public var maximumTrainerRows = 20
    /// Sources that could not be read this time (a role that is down, a URL that timed out).
    public var failures: [String] = []

    public init(source: String, run: RunStatus, roundsPerSecond: Double?) {
        self.source = source
        self.run = run
        self.roundsPerSecond = roundsPerSecond
    }

    /// The frame as lines (no trailing newline, no terminal control codes).
    public var lines: [String] {
        var out = ["SeedFL status: \(source)"]
        let broker = run.broker
        let latest = broker?.latestSequence
        if let broker {
            var parts = ["sequence \(latest ?? 0)"]
            if let open = broker.openRound, open > 0 { parts.append("round \(open) open") }
            parts.append(roundsPerSecond.map { String(format: "%.1f rounds/s", $0) } ?? "- rounds/s")
            parts.append("\(broker.roundsAborted ?? 0) aborted")
            if let dead = broker.trainersMarkedDead, dead > 0 { parts.append("\(dead) trainer deaths") }
            if broker.done == true { parts.append("target reached") }
            if let storage = broker.storageError { parts.append("LEDGER NOT WRITABLE: \(storage)") }
            out.append("broker      " + parts.joined(separator: " · "))
        } else {
            out.append("broker      (no status)")
        }
        let trainers = run.trainers
        // The newest round anyone reports: status files are written at different moments, so
        // the broker's open round and the trainers' sampled rounds may each be the fresher.
        let current = ([broker?.openRound ?? 0] + trainers.values.compactMap(\.sampledRound)).max() ?? 0
        if current > 0 {
            let sampled = trainers.filter { $0.value.sampledRound == current }.keys.sorted()
            out.append("sampled     round \(current): " + (sampled.isEmpty ? "(none reported yet)" : sampled.map(String.init).joined(separator: ", ")))
        }
        for (name, a) in run.roles.sorted(by: { $0.key < $1.key }) where name.hasPrefix("aggregator-") {
            out.append("\(Self.pad(name, 11)) \(a.contributionsAccepted ?? 0) contributions accepted · "
                       + "\(a.roundsGivenUp ?? 0) rounds given up")
        }
        if let e = run.evaluator {
            var line = "evaluator   sequence \(e.evaluatedSequence ?? 0)"
            if let accuracy = e.validationAccuracy { line += String(format: " · validation accuracy %.4f", accuracy) }
            out.append(line)
        }
        out.append("")
        out.append(contentsOf: trainerTable(trainers, latest: latest))
        out.append("")
        let drops = run.drops.filter { $0.value > 0 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        out.append("drops       " + (drops.isEmpty ? "none" : drops.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        let bytes = run.wireBytes.values
        out.append("bytes       sent \(Self.bytes(bytes.reduce(0) { $0 + $1.sent })), received "
                   + "\(Self.bytes(bytes.reduce(0) { $0 + $1.received })) (all roles)")
        for failure in failures { out.append("unreachable \(failure)") }
        return out
    }

    private func trainerTable(_ trainers: [Int: RoleStatus], latest: UInt64?) -> [String] {
        guard !trainers.isEmpty else { return ["trainers    (none reported)"] }
        func lag(_ s: RoleStatus) -> Int? {
            guard let latest, let applied = s.appliedSequence else { return nil }
            return applied >= latest ? 0 : Int(latest - applied)
        }
        let ordered = trainers.sorted { a, b in
            let (la, lb) = (lag(a.value) ?? 0, lag(b.value) ?? 0)
            return la != lb ? la > lb : a.key < b.key
        }
        let widths = [-9, 9, 5, 8, 12, 6, 10, 10]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in width < 0 ? Self.pad(cell, -width) : Self.pad(cell, width, right: true) }
                .joined(separator: " ")
        }
        var out = [row(["trainer", "sequence", "lag", "sampled", "contributed", "drops", "sent", "received"])]
        for (id, s) in ordered.prefix(maximumTrainerRows) {
            out.append(row(["\(id)", s.appliedSequence.map(String.init) ?? "-", lag(s).map(String.init) ?? "-",
                            s.sampledRound.map(String.init) ?? "-", s.roundsContributed.map(String.init) ?? "-",
                            String(s.drops?.values.reduce(0, +) ?? 0), Self.bytes(s.wireBytes?.sent ?? 0),
                            Self.bytes(s.wireBytes?.received ?? 0)]))
        }
        if ordered.count > maximumTrainerRows {
            let rest = ordered.dropFirst(maximumTrainerRows)
            out.append("… \(rest.count) more trainers, lag at most \(rest.compactMap { lag($0.value) }.max() ?? 0)")
        }
        return out
    }

    /// `text` padded with spaces to `width` (on the left when `right`), never cut.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    /// `1.2 MB`-style byte counts (decimal units, as the rest of SeedFL's reports).
    static func bytes(_ n: Int) -> String {
        switch n {
        case ..<1_000: "\(n) B"
        case ..<1_000_000: String(format: "%.1f kB", Double(n) / 1e3)
        case ..<1_000_000_000: String(format: "%.1f MB", Double(n) / 1e6)
        default: String(format: "%.2f GB", Double(n) / 1e9)
        }
    }
}
