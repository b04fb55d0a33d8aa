import ArgumentParser
import Foundation
import SeedFLNode

/// `seedfl aggregator`: runs one aggregator of a topology's tree until SIGTERM/SIGINT.
struct AggregatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregator",
        abstract: "Collect a round's contributions and send one aggregate upstream (root or edge).")

    @Option(help: "Topology YAML file.") var topology: String
    @Option(help: "Aggregator name in deployment.aggregators (default: the root).") var name: String?
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDir: String?
    @Option(help: "Target rounds R (overrides run.rounds); the status says done once R commits are seen.")
    var rounds: Int?

    func run() throws {
        let file = try TopologyFile.load(path: topology)
        var run = file.run
        if let rounds {
            guard rounds >= 0 else { throw ValidationError("--rounds must be >= 0 (got \(rounds))") }
            run.rounds = rounds
        }
        let directory = runDir ?? file.deployment.runDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let deployment = file.deployment.resolved(runDirectory: directory)
        let configuration = try AggregatorConfiguration(
            run: run, deployment: deployment, name: name,
            dimension: AggregatorConfiguration.wireDimension(of: run))
        StopSignal.install()
        _ = try Aggregator(configuration: configuration).run(stop: { StopSignal.requested })
    }
}
