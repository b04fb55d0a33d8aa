import SeedFLNode
/// One process the ``Supervisor`` runs.
public struct ChildCommand: Sendable, Hashable {
    /// Role name (`broker`, `aggregator-root`, `trainer-3`): names the log file
    /// `<name>.log` and prefixes the child's lines that carry no `[role]` prefix.
    public var name: String
    /// Absolute path of the program (no `PATH` search: the launcher runs its own binary).
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// True when the run survives this child's death (trainers may crash and be restarted;
    /// the ledger, not the trainer, holds the model). Any other child's death ends the run.
    public var isExpendable: Bool
    /// Environment variables the child must not inherit (the broker, forwarder and
    /// aggregators never see ``SeedSecretFile/environmentVariable``).
    public var withheldEnvironment: Set<String>
    /// The trainer ids this process runs (one, or a group's; empty for the other roles):
    /// when it dies, these trainers are gone.
    public var trainers: [Int]

    /// A command; not expendable unless said so (a death ends the run by default).
    public init(name: String, executable: String, arguments: [String], isExpendable: Bool = false,
                withheldEnvironment: Set<String> = [], trainers: [Int] = []) {
        self.name = name
        self.trainers = trainers
        self.executable = executable
        self.arguments = arguments
        self.isExpendable = isExpendable
        self.withheldEnvironment = withheldEnvironment
    }
}
