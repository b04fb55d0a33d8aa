import Foundation
import SeedFLCore
import SeedFLNode

extension Launcher {
    /// Watches the running roles until the run is complete: reports progress, lets
    /// trainers die, fails on any other death, on `--timeout` and on a stop request
    /// (stopping every child first in those three cases). Returns the expendable children
    /// (trainers, the evaluator) that ended during the run.
    func watch(_ supervisor: Supervisor, directory: RunDirectory, commands: [ChildCommand], evaluator: Bool,
               meter: ProgressMeter, started: ContinuousClock.Instant, stopRequested: () -> Bool) throws -> [ChildExit] {
        var awaitEvaluator = evaluator
        let clock = ContinuousClock()
        var liveTrainers = Set(commands.flatMap(\.trainers))
        let trainerIDs = Dictionary(uniqueKeysWithValues: commands.map { ($0.name, $0.trainers) })
        var ended: [ChildExit] = []
        var lastProgress = started
        var lastBrokerState: [Int?] = []
        while true {
            if stopRequested() {
                say("stop requested: stopping every role")
                let storage = Self.storageFailure(RunStatus.read(directory: directory.status))
                report(supervisor.stop(grace: options.grace))
                throw storage ?? LauncherError(.interrupted, "stopped by a signal before the run finished")
            }
            for exit in supervisor.reap() {
                guard exit.isExpendable else {
                    say("\(exit) unexpectedly: stopping the run")
                    report(supervisor.stop(grace: options.grace))
                    throw LauncherError(.childDied, "\(exit.name) ended unexpectedly with \(exit.status); "
                                        + "see \(directory.logs)/\(exit.name).log")
                }
                say("\(exit); the run goes on without it (log: \(directory.logs)/\(exit.name).log)")
                ended.append(exit)
                if exit.name == LaunchPlan.evaluatorName { awaitEvaluator = false }
                liveTrainers.subtract(trainerIDs[exit.name] ?? [])
            }

            let status = RunStatus.read(directory: directory.status)
            let now = clock.now
            let elapsed = (now - started).inSeconds
            if status.isComplete(trainers: liveTrainers, awaitEvaluator: awaitEvaluator) {
                // The final state is always shown, however fast the run was.
                say(meter.line(status: status, meanLoss: ProgressMeter.latestMeanLoss(ledgerPath: directory.ledger),
                               elapsedSeconds: elapsed))
                return ended
            }
            // Aborts and reaching the target are worth a line at once; steady progress every interval.
            let brokerState = [status.broker?.roundsAborted, status.broker?.done == true ? 1 : 0,
                               status.broker?.storageError == nil ? 0 : 1]
            if now - lastProgress >= options.progressInterval || (status.broker != nil && brokerState != lastBrokerState) {
                lastProgress = now
                lastBrokerState = brokerState
                say(meter.line(status: status, meanLoss: ProgressMeter.latestMeanLoss(ledgerPath: directory.ledger),
                               elapsedSeconds: elapsed))
            }
            if let timeout = options.timeout, now - started >= timeout {
                let last = meter.line(status: status, meanLoss: nil, elapsedSeconds: elapsed)
                report(supervisor.stop(grace: options.grace))
                if let storage = Self.storageFailure(status) { throw storage }
                throw LauncherError(.timedOut, "the run did not finish within \((timeout).inSeconds) s (last state: \(last))")
            }
            Thread.sleep(forTimeInterval: (options.pollInterval).inSeconds)
        }
    }

    /// The error `up` ends with when it stops while the broker cannot write the ledger.
    static func storageFailure(_ status: RunStatus) -> LauncherError? {
        guard let broker = status.broker, let fault = broker.storageError else { return nil }
        return LauncherError(.storage, "the ledger could not be written for \(Int(broker.storageErrorSeconds ?? 0)) s "
                             + "(\(fault)); the run stopped at sequence \(broker.latestSequence ?? 0) with nothing lost: "
                             + "free space and run `seedfl up` again to resume")
    }
}
