import ArgumentParser
import Foundation
import SeedFLLauncher
import SeedFLNode

/// `seedfl chaos TOPOLOGY`: a whole run under a seeded schedule of kills, pauses and restarts,
/// then every invariant checked.
struct ChaosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run a topology while killing, pausing and restarting its processes, then check every invariant.",
        discussion: """
            Trainer faults come every --kill-interval seconds (SIGKILL, or SIGSTOP with --pause-probability); the \
            broker and aggregators are SIGKILLed at committed-round milestones; each comes back after up to \
            --max-down seconds with the same command line. The schedule is a function of --seed; what each fault \
            interrupts is not. At the end: the ledger's sequences are exactly 1...N, no commit any role reported is \
            missing, every fingerprint a trainer reported matches a replay of the ledger, and every committed round \
            equals its recomputation. Always starts a fresh run. Exits non-zero when any check fails.
            """)

    @Argument(help: "Topology file.") var topology: String
    @Option(help: "Rounds R (overrides run.rounds).") var rounds: Int?
    @Option(help: "Seed of the fault schedule.") var seed: UInt64 = 1
    @Option(name: .customLong("run-dir"), help: "Run directory (default: deployment.run_dir + \"-chaos\"; its run files are deleted first).")
    var runDirectory: String?
    @Option(name: .customLong("kill-interval"), help: "Mean seconds between trainer faults.") var killInterval: Double = 2
    @Option(name: .customLong("max-down"), help: "Longest seconds a killed process stays down or a paused one paused.")
    var maxDown: Double = 3
    @Option(name: .customLong("pause-probability"), help: "Probability that a trainer fault is a pause instead of a kill.")
    var pauseProbability: Double = 0.25
    @Option(name: .customLong("trainer-faults"), help: "Most trainer faults to inject (default: no limit).")
    var trainerFaults: Int?
    @Option(name: .customLong("broker-kills"), help: "Broker SIGKILLs.") var brokerKills: Int = 1
    @Option(name: .customLong("aggregator-kills"), help: "Aggregator SIGKILLs.") var aggregatorKills: Int = 1
    @Option(help: "Fail if the run has not finished after this many seconds.") var timeout: Double = 600
    @Flag(name: .customLong("skip-recompute"), help: "Skip recomputing every round and the fault-free comparison (costly for large models).")
    var skipRecompute = false
    @Flag(help: "Print the report as one JSON object on standard output.") var json = false

    func run() throws {
        StopSignal.install()
        let options = ChaosOptions(topologyPath: topology, runDirectory: runDirectory, rounds: rounds, seed: seed,
                                   killInterval: killInterval, maxDown: maxDown, pauseProbability: pauseProbability,
                                   trainerFaults: trainerFaults, brokerKills: brokerKills,
                                   aggregatorKills: aggregatorKills, timeout: timeout, recompute: !skipRecompute)
        let report: ChaosReport
        do {
            report = try ChaosRunner(options: options).run()
        } catch {
            Launcher.standardError("[chaos] error: \(error)")
            throw ExitCode.failure
        }
        print(json ? String(decoding: try report.json(), as: UTF8.self) : report.humanReadable)
        if !report.passed { throw ExitCode.failure }
    }
}
