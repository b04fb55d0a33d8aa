import Foundation
import SeedFLCore
import SeedFLNode

/// `seedfl chaos`: runs a topology like `seedfl up` while a seeded schedule kills, pauses
/// and restarts its processes, then checks the invariants on what is left (the ledger file,
/// the trainers' statuses, everything they reported on the way) and reports them.
public struct ChaosRunner: Sendable {
    /// What to run and which faults.
    public let options: ChaosOptions
    private let output: @Sendable (String) -> Void

    /// - Parameter output: receives the harness's `[chaos] ...` lines (the roles' output goes
    ///   only to `<run dir>/logs/<role>.log`). Default: standard error.
    public init(options: ChaosOptions, output: @escaping @Sendable (String) -> Void = Launcher.standardError) {
        self.options = options
        self.output = output
    }

    /// Runs the chaos schedule to the end and checks the run.
    ///
    /// A broken invariant or a timeout is a finding in the report (``ChaosReport/passed`` is
    /// false); this throws only when the run cannot be made or checked at all.
    /// - Throws: ``LauncherError`` (bad options, run directory, spawn, `.interrupted`),
    ///   `ConfigError` for a bad topology, ``RunVerifier/Failure`` / ``RunReplay/Failure``,
    ///   `LedgerError` when the ledger cannot be read.
    public func run(stopRequested: () -> Bool = { StopSignal.requested }) throws -> ChaosReport {
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        let topology = try TopologyFile.load(path: options.topologyPath)
        // Trainers, the evaluator and the final verification replay under the seed shift:
        // a missing or unreadable secret fails here, before any process starts.
        _ = try topology.run.seedShift()
        var run = topology.run
        if let rounds = options.rounds { run.rounds = rounds }
        let directory = RunDirectory(options.runDirectory ?? topology.deployment.runDirectory + "-chaos")
        // Always from round 1: the schedule's milestones are fractions of this run.
        _ = try directory.prepare(topologySource: options.topologyPath, topology: topology, fresh: true)
        let commands = LaunchPlan.commands(deployment: topology.deployment, clients: run.clients,
                                           executable: options.executable, topology: directory.topology,
                                           runDirectory: directory.path, rounds: options.rounds)
        let schedule = ChaosSchedule(options: options, rounds: run.rounds,
                                     aggregators: topology.deployment.aggregators.map(\.name))
        say("\(run.clients) trainers, \(run.rounds) rounds in \(directory.path); seed \(options.seed); milestone kills: "
            + schedule.milestones.map { "\($0.target) after \($0.afterRounds) rounds" }.joined(separator: ", "))

        let supervisor = Supervisor(logDirectory: directory.logs, output: { _ in })
        let injector = ChaosInjector(supervisor: supervisor, commands: commands, schedule: schedule,
                                     maxTrainerFaults: options.trainerFaults, started: started,
                                     say: { [output] line in
                                         output(String(format: "[chaos] %.1f s: ", (clock.now - started).inSeconds) + line)
                                     })
        var observations = ChaosObservations()
        let timedOut: Bool
        do {
            for command in commands { try supervisor.start(command) }
            timedOut = try watch(supervisor: supervisor, injector: injector, directory: directory, run: run,
                                 observations: &observations, started: started, stopRequested: stopRequested)
        } catch {
            injector.resumeAll()
            _ = supervisor.stop(grace: options.grace)
            throw error
        }
        injector.resumeAll()
        var unexpected = injector.unexpectedExits
        for exit in supervisor.stop(grace: options.grace) where !exit.status.isSuccess || exit.forced {
            unexpected.append("at stop: \(exit)")
        }
        let final = RunStatus.read(directory: directory.status)
        observations.record(final)
        say("\(injector.kills) kills, \(injector.restarts) restarts, \(injector.pauses) pauses; checking the ledger")
        return try ChaosVerdict.check(
            directory: directory, run: run, options: options, final: final, observations: observations,
            faults: .init(killsByRole: injector.killsByRole, restarts: injector.restarts, pauses: injector.pauses,
                          unexpectedExits: unexpected, timedOut: timedOut, trainerKills: injector.trainerKills),
            seconds: { (clock.now - started).inSeconds })
    }

    /// Runs the schedule until the broker's target is committed, every process is up and
    /// every trainer has applied the last commit; returns true on timeout.
    private func watch(supervisor: Supervisor, injector: ChaosInjector, directory: RunDirectory, run: RunConfig,
                       observations: inout ChaosObservations, started: ContinuousClock.Instant,
                       stopRequested: () -> Bool) throws -> Bool {
        let clock = ContinuousClock()
        let meter = ProgressMeter(targetRounds: run.rounds, trainers: run.clients, baseline: 0)
        let timeout = ChaosInjector.duration(options.timeout)
        var lastProgress = started
        while true {
            if stopRequested() {
                throw LauncherError(.interrupted, "stopped by a signal before the chaos run finished")
            }
            let now = clock.now
            let status = RunStatus.read(directory: directory.status)
            observations.record(status)
            // No new faults once the target is committed: what is left is catching up.
            let done = status.broker?.done == true
            try injector.tick(now: now, status: status, faultsAllowed: !done)
            if done && injector.everythingUp && status.isComplete(trainers: 0..<run.clients) { return false }
            if now - lastProgress >= .seconds(5) {
                lastProgress = now
                say(meter.line(status: status, meanLoss: nil, elapsedSeconds: (now - started).inSeconds))
            }
            if now - started >= timeout {
                say("timed out: " + meter.line(status: status, meanLoss: nil, elapsedSeconds: (now - started).inSeconds))
                return true
            }
            Thread.sleep(forTimeInterval: (options.pollInterval).inSeconds)
        }
    }

    private func say(_ line: String) { output("[chaos] \(line)") }
}
