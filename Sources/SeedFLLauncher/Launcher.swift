import Foundation
import SeedFLCore
import SeedFLNode

/// `seedfl up`: runs every role of a topology as a child process of the same binary,
/// reports progress, ends the run when the broker is done and every live trainer has
/// applied the last commit, then verifies the result and writes `summary.json`.
public struct Launcher: Sendable {
    /// What to run.
    public let options: LaunchOptions
    private let output: @Sendable (String) -> Void

    /// - Parameter output: receives the children's lines and the launcher's own
    ///   (`[up] ...`); called from several threads, so it must be thread-safe. Default:
    ///   standard error (one `write` per line, which the kernel does not interleave).
    public init(options: LaunchOptions, output: @escaping @Sendable (String) -> Void = Launcher.standardError) {
        self.options = options
        self.output = output
    }

    /// Writes one line to standard error.
    @Sendable public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func say(_ message: String) { output("[up] \(message)") }

    /// Runs the whole run and returns its summary (also written to `summary.json`).
    ///
    /// - Parameter stopRequested: polled between checks; when it turns true the children
    ///   get SIGTERM (then SIGKILL after the grace period) and `.interrupted` is thrown.
    ///   Default: our own SIGINT/SIGTERM (``StopSignal``; install it first).
    /// - Throws: ``LauncherError`` (`.childDied`, `.timedOut`, `.interrupted`, directory and
    ///   spawn errors), `ConfigError` for a bad topology, ``RunVerifier/Failure``.
    public func run(stopRequested: () -> Bool = { StopSignal.requested }) throws -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let topology = try TopologyFile.load(path: options.topologyPath)
        // Trainers, the evaluator and the final verification replay under the seed shift:
        // a missing or unreadable secret fails here, before any process starts.
        _ = try topology.run.seedShift()
        let missing = KeyFolder.missingSecrets(deployment: topology.deployment, clients: topology.run.clients)
        if let first = missing.first {
            throw LauncherError(.invalidArgument, "\(missing.count) CURVE key(s) missing, first \(first); make them with "
                                + "'seedfl keys generate --topology \(options.topologyPath)'")
        }
        var run = topology.run
        if let rounds = options.rounds {
            guard rounds >= 0 else { throw LauncherError(.invalidArgument, "--rounds must be >= 0 (got \(rounds))") }
            run.rounds = rounds
        }
        let directory = RunDirectory(options.runDirectory ?? topology.deployment.runDirectory)
        var resumedAt = 0
        switch try directory.prepare(topologySource: options.topologyPath, topology: topology, fresh: options.fresh) {
        case .new:
            say("new run in \(directory.path): \(run.clients) trainers, \(run.rounds) rounds")
        case .resumed(let sequence):
            resumedAt = Int(clamping: sequence)
            say("resuming \(directory.path) after sequence \(sequence), target \(run.rounds) rounds")
        }

        let commands = LaunchPlan.wrapped(
            LaunchPlan.commands(deployment: topology.deployment, clients: run.clients,
                                executable: options.executable, topology: directory.topology,
                                runDirectory: directory.path, rounds: options.rounds,
                                evaluator: run.evalEvery > 0, byzantine: options.byzantine),
            in: options.wrapper)
        let attack = options.byzantine ?? topology.byzantine
        if !attack.isEmpty { say("BYZANTINE trainers (test switch): \(attack)") }
        let supervisor = Supervisor(logDirectory: directory.logs, output: output)
        do {
            for command in commands { try supervisor.start(command) }
        } catch {
            report(supervisor.stop(grace: options.grace))
            throw error
        }
        say("started \(commands.map(\.name).joined(separator: ", ")); logs in \(directory.logs)")

        let meter = ProgressMeter(targetRounds: run.rounds, trainers: run.clients, baseline: resumedAt)
        let endedEarly = try watch(supervisor, directory: directory, commands: commands,
                                     evaluator: run.evalEvery > 0, meter: meter,
                                     started: started, stopRequested: stopRequested)

        say("run complete: stopping every role")
        let stopped = supervisor.stop(grace: options.grace)
        report(stopped)
        let deadTrainers = endedEarly.map(\.name).filter { $0.hasPrefix("trainer-") }
        let finalStatus = RunStatus.read(directory: directory.status)
        for (file, why) in finalStatus.unreadable { say("warning: status file \(file) unreadable: \(why)") }
        let verification = try RunVerifier(runDirectory: directory.path).verify()
        let summary = RunSummary(verification: verification, status: finalStatus, deadTrainers: deadTrainers,
                                 seconds: (clock.now - started).inSeconds, run: run,
                                 peakResidentBytes: Dictionary((endedEarly + stopped).compactMap { exit in
                                     exit.peakResidentBytes.map { (exit.name, $0) }
                                 }, uniquingKeysWith: max),
                                 cpuSeconds: Dictionary((endedEarly + stopped).compactMap { exit in
                                     exit.cpuSeconds.map { (exit.name, $0) }
                                 }, uniquingKeysWith: +),
                                 trainersPerProcess: Dictionary(commands.filter { !$0.trainers.isEmpty }.map {
                                     ($0.name, $0.trainers.count)
                                 }, uniquingKeysWith: max))
        do {
            try summary.json().write(to: URL(fileURLWithPath: directory.summary), options: .atomic)
        } catch {
            throw LauncherError(.summary, "cannot write \(directory.summary): \(error.localizedDescription)")
        }
        return summary
    }

    /// Logs how the children ended after we asked them to stop; anything but a clean exit
    /// is worth a line (a role that cannot exit cleanly may not have written its status).
    func report(_ exits: [ChildExit]) {
        for exit in exits where !exit.status.isSuccess || exit.forced || !exit.stopRequested {
            say("\(exit.stopRequested ? "after stop: " : "")\(exit)")
        }
    }
}
