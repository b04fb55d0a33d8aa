import ArgumentParser
import SeedFLNode

/// `seedfl evaluator --topology F`: the passive scorer of a run.
struct EvaluatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluator",
        abstract: "Follow the broadcast like a lagging trainer and score the model every eval_every rounds (never sampled).")

    @OptionGroup var role: RoleOptions

    func run() throws {
        StopSignal.install()
        let topology = try role.load()
        let metrics = try role.location.startMetrics(topology, role: .evaluator, log: RoleLog(role: "evaluator"))
        defer { metrics?.stop() }
        try Evaluator(topology: topology).serve()
    }
}
