import Foundation

/// The round number a broker has open, kept in `ledger.sqlite-open-round` beside the ledger
/// so that a restarted broker never opens the same round number again.
///
/// The ledger records committed and aborted rounds, not opened ones. A broker killed while a
/// round was open would otherwise reopen that number, with the same seed: trainers that
/// already contributed to it refuse a second contribution, so the round could only run into
/// its deadline. The restarted broker reads the marker and records that round as aborted
/// (`broker-restart`) before it opens anything.
///
/// Written with a rename at every ROUND_OPEN, without fsync: it must survive the broker
/// process, not the machine (after a power cut the cost is one round that runs into its
/// deadline, never a wrong commit).
struct OpenRoundMarker {
    let path: String

    /// The marker of the ledger at `ledgerPath` (it belongs to the ledger: `seedfl up`
    /// clears statuses when it resumes a run, and must not clear this).
    init(ledgerPath: String) {
        path = ledgerPath + "-open-round"
    }

    /// Records that `round` is open.
    func write(_ round: UInt64) throws {
        try Data("\(round)\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The round the previous broker process had open, if the file holds one (anything else,
    /// such as a torn or foreign file, counts as none).
    func read() -> UInt64? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 32,
              let text = String(data: data, encoding: .utf8) else { return nil }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
