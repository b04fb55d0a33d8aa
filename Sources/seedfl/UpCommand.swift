import ArgumentParser
import Foundation
import SeedFLLauncher
import SeedFLNode

/// `seedfl up TOPOLOGY`: every role of the topology as a child process, until the run is done.
struct Up: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a whole distributed run on this machine: broker, forwarder, aggregators and trainers as child processes.",
        discussion: """
            Ends when the broker has committed the target rounds and every live trainer has applied them, \
            then verifies every trainer's model against a replay of the ledger and writes <run dir>/summary.json. \
            Exits non-zero when a role other than a trainer dies, on --timeout, on SIGINT/SIGTERM, or when a \
            trainer's model differs from the replay.
            """)

    @Argument(help: "Topology file (copied into the run directory).") var topology: String
    @Option(help: "Rounds R (overrides run.rounds; a resumed run continues up to R).") var rounds: Int?
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDirectory: String?
    @Flag(help: "Delete the run directory's ledger, logs and statuses first (otherwise a ledger of another run is refused and one of this run is resumed).")
    var fresh = false
    @Option(help: "Fail if the run has not finished after this many seconds.") var timeout: Double?
    @Flag(help: "Print the summary as one JSON object on standard output.") var json = false
    @Option(help: "Start every role as 'PROGRAM ROLE SEEDFL ARGS...' (PROGRAM must exec the rest; Scripts/netlab.sh puts roles in network namespaces this way).")
    var wrap: String?
    @OptionGroup var byzantine: ByzantineOption
    @OptionGroup var logging: LogOptions

    func validate() throws {
        if let rounds, rounds < 0 { throw ValidationError("--rounds must be >= 0") }
        if let timeout, !(timeout > 0) || !timeout.isFinite { throw ValidationError("--timeout must be a positive number of seconds") }
        if let wrap, !FileManager.default.isExecutableFile(atPath: wrap) {
            throw ValidationError("--wrap: '\(wrap)' is not an executable file")
        }
    }

    func run() throws {
        StopSignal.install()
        try logging.apply()     // the children inherit the level and format
        var options = LaunchOptions(topologyPath: topology, runDirectory: runDirectory, rounds: rounds, fresh: fresh,
                                    timeout: timeout.map { .milliseconds(Int(($0 * 1000).rounded(.up))) })
        // posix_spawn does no PATH search: the wrapper is named by its absolute path.
        options.wrapper = wrap.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        // Only a --byzantine run needs the trainer count now; the launcher loads the file itself.
        if !byzantine.entries.isEmpty {
            options.byzantine = try byzantine.plan(clients: TopologyFile.load(path: topology).run.clients)
        }
        let summary: RunSummary
        do {
            summary = try Launcher(options: options).run()
        } catch let error as LauncherError where error.code == .storage {
            // EX_TEMPFAIL: the run can go on once the disk has room (docs/reliability.md).
            Launcher.standardError("[up] error: \(error)")
            throw ExitCode(75)
        } catch {
            Launcher.standardError("[up] error: \(error)")
            throw ExitCode.failure
        }
        if json {
            print(String(decoding: try summary.json(), as: UTF8.self))
        } else {
            print(summary.humanReadable)
        }
        if !summary.passed { throw ExitCode.failure }
    }
}
