import ArgumentParser
import SeedFLNode

/// `seedfl broker --topology FILE`: the seed authority and ledger writer of a distributed run.
struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the broker: round clock, seeds, participant sampling, ledger, history (stops on SIGTERM/SIGINT).")

    @Option(help: "Topology file (run: and deployment: sections).") var topology: String
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDir: String?
    @Option(help: "Rounds R to commit (overrides run.rounds).") var rounds: Int?

    func run() throws {
        StopSignal.install()
        let configuration = try BrokerConfiguration.load(topology: topology, runDirectory: runDir, rounds: rounds)
        let broker = try Broker(configuration: configuration)
        try broker.run(until: { StopSignal.requested })
    }
}
