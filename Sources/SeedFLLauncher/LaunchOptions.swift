import SeedFLNode
/// What `seedfl up` was asked to do.
public struct LaunchOptions: Sendable {
    /// The topology file to run (copied into the run directory).
    public var topologyPath: String
    /// Overrides `deployment.run_dir`.
    public var runDirectory: String?
    /// Overrides `run.rounds` (passed to every role as `--rounds`).
    public var rounds: Int?
    /// Delete the run directory's files first instead of refusing a foreign ledger.
    public var fresh: Bool
    /// Fail when the run has not finished after this long (nil: wait as long as it takes).
    public var timeout: Duration?
    /// The binary whose `broker`/`aggregator`/`forwarder`/`trainer` subcommands run the roles.
    public var executable: String
    /// Time the roles get to exit after SIGTERM before SIGKILL. Five seconds: a role only
    /// has to finish its poll (a few hundred ms) and write its status and checkpoint.
    public var grace: Duration
    /// Time between progress lines. Two seconds keeps a terminal readable at hundreds of
    /// rounds per second and still shows a stall quickly.
    public var progressInterval: Duration
    /// Time between checks of children and status files. 200 ms: status files change at
    /// most once per round, and ending a run 200 ms late costs nothing.
    public var pollInterval: Duration
    /// Overrides the topology's `byzantine:` switch for every trainer (`--byzantine`).
    public var byzantine: ByzantinePlan?
    /// A program every role is started through (`--wrap`): it is run as
    /// `wrapper <role name> <seedfl> <arguments...>` and must end by exec'ing the rest, so the
    /// role keeps its process id (signals, status, peak memory). `Scripts/netlab.sh` uses it to
    /// put each role in its own network namespace.
    public var wrapper: String?

    /// Options with the documented defaults; the executable defaults to the running binary.
    public init(topologyPath: String, runDirectory: String? = nil, rounds: Int? = nil, fresh: Bool = false,
                timeout: Duration? = nil, executable: String = LaunchPlan.currentExecutable(),
                grace: Duration = .seconds(5), progressInterval: Duration = .seconds(2),
                pollInterval: Duration = .milliseconds(200)) {
        self.topologyPath = topologyPath
        self.runDirectory = runDirectory
        self.rounds = rounds
        self.fresh = fresh
        self.timeout = timeout
        self.executable = executable
        self.grace = grace
        self.progressInterval = progressInterval
        self.pollInterval = pollInterval
    }
}
