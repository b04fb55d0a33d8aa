import ArgumentParser
import SeedFLNode

/// `seedfl forwarder`: runs the topology's XSUB/XPUB broadcast forwarder until SIGTERM/SIGINT.
struct ForwarderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forwarder",
        abstract: "Fan the broker's broadcast out through an XSUB/XPUB proxy.")

    @OptionGroup var location: RoleLocation

    func run() throws {
        StopSignal.install()
        let topology = try location.load()
        let metrics = try location.startMetrics(topology, role: .forwarder, log: RoleLog(role: "forwarder"))
        defer { metrics?.stop() }
        // SIGHUP re-reads the allow-list; without one it keeps its default (end the process).
        if topology.deployment.security != nil { ReloadSignal.install() }
        // The proxy forwards every broadcast frame, dense commits included: bound frames by
        // the run's largest valid message, as every other socket of the run does.
        let limits = topology.run.wireLimits(dimension: try topology.run.wireDimension(),
                                             deployment: topology.deployment)
        let forwarder = try BroadcastForwarder(deployment: topology.deployment, maxFrameBytes: limits.maximumFrameSize)
        _ = try forwarder.run(stop: { StopSignal.requested })
    }
}
