import Foundation
import SeedFLCore
import SeedFLStore
import SeedFLNode

/// The human-readable view of a ledger printed by `seedfl ledger show`: run identity,
/// one line per committed round, the aborted rounds, and the integrity check's verdict.
public enum LedgerReport {
    /// Scalars shown per committed round; the rest are summarised by their count (the
    /// table is for eyes; `seedfl ledger export` gives every value).
    public static let scalarsShown = 4
    /// Contributor ids shown per round before eliding.
    public static let contributorsShown = 8

    /// Renders the report, reading the ledger in bounded batches.
    ///
    /// - Returns: the text and whether the integrity check passed.
    /// - Throws: ``LedgerError`` when a row cannot be read at all (the integrity check's own
    ///   failure is reported in the text, not thrown).
    public static func render(_ ledger: Ledger) throws -> (text: String, intact: Bool) {
        var lines = [
            "ledger \(ledger.path)",
            "\(ledger.run)",
            "replay settings \(try ledger.replaySettings() ?? "(not recorded)")",
            "\(ledger.latestSequence) committed rounds, next round \(ledger.nextRound)",
            "",
            pad(["seq", "round", "seed", "contributors", "mean loss", "values"]),
        ]
        var after: UInt64 = 0
        while true {
            let batch = try ledger.rounds(after: after, limit: 256)
            for round in batch { lines.append(row(round)) }
            guard let last = batch.last else { break }
            after = last.sequence
        }
        let aborted = try ledger.abortedRounds()
        lines.append("")
        lines.append("\(aborted.count) aborted rounds" + (aborted.isEmpty ? "" : ":"))
        for a in aborted { lines.append("  round \(a.round): \(a.reason)") }
        let intact: Bool
        do {
            try ledger.checkIntegrity()
            lines.append("integrity: ok")
            intact = true
        } catch {
            lines.append("integrity: FAILED: \(error)")
            intact = false
        }
        return (lines.joined(separator: "\n"), intact)
    }

    static func row(_ r: CommittedRound) -> String {
        let ids = r.contributors.prefix(contributorsShown).map(String.init).joined(separator: ",")
            + (r.contributors.count > contributorsShown ? ",… (\(r.contributors.count))" : "")
        let values: String
        if let dense = r.dense {
            values = "dense d=\(dense.count) [" + dense.prefix(scalarsShown).map(format).joined(separator: " ") + "…]"
        } else {
            values = r.scalars.prefix(scalarsShown).map(format).joined(separator: " ")
                + (r.scalars.count > scalarsShown ? " … (\(r.scalars.count))" : "")
        }
        return pad([String(r.sequence), String(r.round), String(format: "%016llx", r.seed), ids,
                    format(r.meanLoss), values])
    }

    static func format(_ x: Float) -> String { String(format: "%.6g", Double(x)) }

    /// Fixed-width columns (the last one free), so the table lines up in a terminal.
    static func pad(_ cells: [String]) -> String {
        let widths = [6, 7, 17, 22, 12]
        return cells.enumerated().map { i, cell in
            i < widths.count ? cell.padding(toLength: max(widths[i], cell.count + 1), withPad: " ", startingAt: 0) : cell
        }.joined()
    }
}
