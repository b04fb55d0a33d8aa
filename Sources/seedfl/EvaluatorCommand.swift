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
        try Evaluator(topology: try role.load()).serve()
    }
}
