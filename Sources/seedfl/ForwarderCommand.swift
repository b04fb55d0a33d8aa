import ArgumentParser
import Foundation
import SeedFLNode

/// `seedfl forwarder`: runs the topology's XSUB/XPUB broadcast forwarder until SIGTERM/SIGINT.
struct ForwarderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forwarder",
        abstract: "Fan the broker's broadcast out through an XSUB/XPUB proxy.")

    @Option(help: "Topology YAML file (must have a deployment.forwarder section).") var topology: String
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDir: String?
    /// Every role command takes `--rounds` (the shared contract; `seedfl up` passes it to all
    /// roles). The forwarder counts no rounds, so the value is only checked, never used.
    @Option(help: "Accepted for uniformity with the other roles; the forwarder has no rounds.") var rounds: Int?

    func run() throws {
        if let rounds, rounds < 0 { throw ValidationError("--rounds must be >= 0 (got \(rounds))") }
        let file = try TopologyFile.load(path: topology)
        let directory = runDir ?? file.deployment.runDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let deployment = file.deployment.resolved(runDirectory: directory)
        // The proxy forwards every broadcast frame, dense commits included: bound frames by
        // the run's largest valid message, as every other socket of the run does.
        let limits = file.run.wireLimits(dimension: try AggregatorConfiguration.wireDimension(of: file.run),
                                         historyRecords: deployment.broker.historyChunk)
        let forwarder = try BroadcastForwarder(deployment: deployment, maxFrameBytes: limits.maximumFrameSize)
        StopSignal.install()
        _ = try forwarder.run(stop: { StopSignal.requested })
    }
}
