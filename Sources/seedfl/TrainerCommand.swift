import ArgumentParser
import SeedFLNode

/// `seedfl trainer --topology F --id I`: one trainer process; `--ids a-b`: several trainers
/// in one process (``TrainerGroup``).
struct TrainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainer",
        abstract: "Run one trainer (or several in one process): replay the ledger, apply every commit, contribute when sampled.")

    @OptionGroup var role: RoleOptions
    @Option(help: "Trainer id in 0..<clients.") var id: UInt32?
    @Option(help: ArgumentHelp("Several trainers in this process, sharing the prepared model: ids and ranges, e.g. 0-249 or 3,5,10-19.",
                               valueName: "ids"))
    var ids: String?
    @Option(help: "This trainer's own data file (from 'seedfl data split'); it then loads nothing else. Only with --id.")
    var data: String?
    @OptionGroup var byzantine: ByzantineOption

    func validate() throws {
        guard (id == nil) != (ids == nil) else { throw ValidationError("give either --id or --ids") }
        if ids != nil && data != nil {
            throw ValidationError("--data is one trainer's file; with --ids use the topology's deployment.trainer_data ({id} pattern)")
        }
    }

    func run() throws {
        StopSignal.install()
        var topology = try role.load()
        try byzantine.apply(to: &topology)
        let ids = try self.ids.map { try TrainerIDs.parse($0, clients: topology.run.clients) }
        let first = Int(id ?? ids?.min() ?? 0)
        let metrics = try role.location.startMetrics(topology, role: .trainers(firstID: first),
                                                     log: ids == nil ? RoleLog(role: "trainer", id: "\(first)") : RoleLog(role: "trainers", id: self.ids))
        defer { metrics?.stop() }
        if let id {
            try Trainer(id: id, topology: topology, dataPath: data).serve()
        } else if let ids {
            try TrainerGroup(ids: ids, topology: topology).serve()
        }
    }
}
