import ArgumentParser
import SeedFLNode

/// `seedfl broker --topology FILE`: the seed authority and ledger writer of a distributed run.
struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the broker: round clock, seeds, participant sampling, ledger, history (stops on SIGTERM/SIGINT).")

    @OptionGroup var role: RoleOptions

    func run() throws {
        StopSignal.install()
        let topology = try role.load()
        let metrics = try role.location.startMetrics(topology, role: .broker, log: RoleLog(role: "broker"))
        defer { metrics?.stop() }
        // SIGHUP re-reads the allow-list; without one it keeps its default (end the process).
        if topology.deployment.security != nil { ReloadSignal.install() }
        let configuration = BrokerConfiguration(run: topology.run, deployment: topology.deployment,
                                                dimension: try topology.run.wireDimension())
        try Broker(configuration: configuration).run(until: { StopSignal.requested })
    }
}
