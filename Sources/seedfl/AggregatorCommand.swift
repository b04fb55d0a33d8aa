import ArgumentParser
import SeedFLNode

/// `seedfl aggregator`: runs one aggregator of a topology's tree until SIGTERM/SIGINT.
struct AggregatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregator",
        abstract: "Collect a round's contributions and send one aggregate upstream (root or edge).")

    @OptionGroup var role: RoleOptions
    @Option(help: "Aggregator name in deployment.aggregators (default: the root).") var name: String?

    func run() throws {
        StopSignal.install()
        let topology = try role.load()
        let metrics = try role.location.startMetrics(topology, role: .aggregator(name), log: RoleLog(role: "aggregator", id: name ?? "root"))
        defer { metrics?.stop() }
        // SIGHUP re-reads the allow-list; without one it keeps its default (end the process).
        if topology.deployment.security != nil { ReloadSignal.install() }
        let configuration = try AggregatorConfiguration(run: topology.run, deployment: topology.deployment, name: name,
                                                        dimension: try topology.run.wireDimension())
        _ = try Aggregator(configuration: configuration).run(stop: { StopSignal.requested })
    }
}
