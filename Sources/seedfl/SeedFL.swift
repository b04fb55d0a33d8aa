import ArgumentParser

/// `seedfl`: federated zeroth-order fine-tuning with dimension-free communication.
struct SeedFL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seedfl",
        abstract: "Federated zeroth-order fine-tuning where only seeds and scalars cross the wire.",
        subcommands: [Simulate.self, Up.self, Verify.self, BrokerCommand.self, AggregatorCommand.self, TrainerCommand.self,
                      EvaluatorCommand.self, ForwarderCommand.self, LedgerCommand.self, ExportCommand.self, ReportCommand.self,
                      GenerateCommand.self, ChaosCommand.self, FuzzWireCommand.self, KeysCommand.self, DataCommand.self,
                      StatusCommand.self, Bench.self])
}
