import Foundation
import SeedFLStore
import SeedFLNode

/// Turns status snapshots into the one-line progress report `seedfl up` prints.
struct ProgressMeter {
    let targetRounds: Int
    let trainers: Int
    /// Rounds committed when this start began: a resumed run does not count its old
    /// rounds in its rate.
    let baseline: Int

    init(targetRounds: Int, trainers: Int, baseline: Int) {
        self.targetRounds = targetRounds
        self.trainers = trainers
        self.baseline = baseline
    }

    func line(status: RunStatus, meanLoss: Float?, elapsedSeconds: Double) -> String {
        guard let broker = status.broker else {
            return String(format: "%.1f s: waiting for the broker's first status", elapsedSeconds)
        }
        let committed = broker.roundsCommitted ?? 0
        let rate = Double(max(0, committed - baseline)) / max(elapsedSeconds, 1e-9)
        var text = String(format: "%.1f s: %d/%d rounds committed, %d aborted, %.1f rounds/s", elapsedSeconds,
                          committed, targetRounds, broker.roundsAborted ?? 0, rate)
        if let meanLoss { text += String(format: ", mean loss %.4f", Double(meanLoss)) }
        if let evaluator = status.evaluator, let accuracy = evaluator.validationAccuracy,
           let sequence = evaluator.evaluatedSequence {
            text += String(format: ", validation acc %.3f at sequence %d", accuracy, sequence)
        }
        if rate > 0, committed < targetRounds {
            text += String(format: ", ETA %.0f s", Double(targetRounds - committed) / rate)
        }
        let trainerStatuses = Array(status.trainers.values)
        if let latest = broker.latestSequence {
            let current = trainerStatuses.filter { $0.appliedSequence == latest }.count
            text += ", \(current)/\(trainers) trainers at sequence \(latest)"
        }
        if !trainerStatuses.isEmpty {
            let sent = Double(trainerStatuses.reduce(0) { $0 + ($1.wireBytes?.sent ?? 0) }) / Double(trainerStatuses.count)
            let received = Double(trainerStatuses.reduce(0) { $0 + ($1.wireBytes?.received ?? 0) }) / Double(trainerStatuses.count)
            text += ", per trainer \(ByteCount.format(sent)) up \(ByteCount.format(received)) down"
        }
        if broker.done == true { text += " (target reached)" }
        if let fault = broker.storageError {
            text += " -- LEDGER NOT WRITABLE for \(Int(broker.storageErrorSeconds ?? 0)) s (\(fault)): "
                + "no round opens until it can be written"
        }
        return text
    }

    /// Mean training loss of the latest committed round, read from the ledger without
    /// disturbing the broker (a read-only WAL reader never blocks the writer). Nil before
    /// the first commit or when the ledger cannot be read yet.
    static func latestMeanLoss(ledgerPath: String) -> Float? {
        guard FileManager.default.fileExists(atPath: ledgerPath),
              let ledger = try? Ledger(readOnlyAt: ledgerPath) else { return nil }
        defer { ledger.close() }
        guard ledger.latestSequence > 0 else { return nil }
        return (try? ledger.round(sequence: ledger.latestSequence))??.meanLoss
    }
}
