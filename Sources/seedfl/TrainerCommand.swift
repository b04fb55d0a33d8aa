import ArgumentParser
import SeedFLNode

/// `seedfl trainer --topology F --id I`: one trainer process.
struct TrainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainer",
        abstract: "Run one trainer: replay the ledger, apply every commit, contribute when sampled.")

    @OptionGroup var role: RoleOptions
    @Option(help: "Trainer id in 0..<clients.") var id: UInt32
    @Option(help: "This trainer's own data file (from 'seedfl data split'); it then loads nothing else.")
    var data: String?
    @OptionGroup var byzantine: ByzantineOption

    func run() throws {
        StopSignal.install()
        var topology = try role.load()
        try byzantine.apply(to: &topology)
        try Trainer(id: id, topology: topology, dataPath: data).serve()
    }
}
