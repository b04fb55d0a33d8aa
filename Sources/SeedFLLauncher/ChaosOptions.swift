import SeedFLNode
/// What `seedfl chaos` is asked to do: the run (as for `seedfl up`) and the faults.
public struct ChaosOptions: Sendable {
    /// The topology file to run (copied into the run directory).
    public var topologyPath: String
    /// Run directory; nil means `deployment.run_dir` + `-chaos`, so a chaos run never
    /// deletes the ledger of an ordinary `seedfl up` run of the same topology.
    public var runDirectory: String?
    /// Overrides `run.rounds`.
    public var rounds: Int?
    /// Seed of the fault schedule (which fault, which target, how long it stays down, and at
    /// which committed-round milestones the broker and aggregators are killed).
    public var seed: UInt64
    /// Mean seconds between two trainer faults (each gap is drawn in [0.5, 1.5] times this).
    /// Two seconds: several faults per broker liveness window (2 s in smoke.yaml), so faults
    /// overlap with catch-up of the previous one, which is where bugs hide.
    public var killInterval: Double
    /// Longest time a killed process stays down or a paused one stays paused, in seconds
    /// (drawn uniformly in [0, maxDown]). Three seconds exceeds smoke.yaml's trainer liveness
    /// (20 x 100 ms), so some pauses make the broker consider the trainer dead.
    public var maxDown: Double
    /// Probability that a trainer fault is a pause (SIGSTOP, then SIGCONT) rather than a
    /// SIGKILL: 0.25 gives stragglers while keeping crashes the common case.
    public var pauseProbability: Double
    /// Most trainer faults to inject (nil: as many as the run lasts for). Lets a test
    /// bound its schedule.
    public var trainerFaults: Int?
    /// SIGKILLs of the broker, at committed-round milestones drawn in [10 %, 90 %] of the target.
    public var brokerKills: Int
    /// SIGKILLs of an aggregator (drawn among the tree's), at milestones drawn like the broker's.
    public var aggregatorKills: Int
    /// Seconds after which an unfinished run fails (faults make runs slow; ten minutes
    /// is generous for the smoke topology and still bounds a hung run).
    public var timeout: Double
    /// Recompute every committed round from the preceding ones (trainer logic + aggregation)
    /// and run the fault-free simulation for comparison: costs about two simulations of the
    /// run, cheap for the small models and worth skipping for the language models.
    public var recompute: Bool
    /// The binary whose role subcommands run the roles.
    public var executable: String
    /// Time the roles get to exit after SIGTERM at the end (as for `seedfl up`).
    public var grace: Duration
    /// Time between checks of children, faults and status files. 50 ms: faults land within
    /// a round or two of their schedule, and reading a handful of small JSON files that often
    /// costs well under 1 % of a core.
    public var pollInterval: Duration

    /// Options with the documented defaults.
    public init(topologyPath: String, runDirectory: String? = nil, rounds: Int? = nil, seed: UInt64 = 1,
                killInterval: Double = 2, maxDown: Double = 3, pauseProbability: Double = 0.25,
                trainerFaults: Int? = nil, brokerKills: Int = 1, aggregatorKills: Int = 1, timeout: Double = 600,
                recompute: Bool = true, executable: String = LaunchPlan.currentExecutable(),
                grace: Duration = .seconds(5), pollInterval: Duration = .milliseconds(50)) {
        self.topologyPath = topologyPath
        self.runDirectory = runDirectory
        self.rounds = rounds
        self.seed = seed
        self.killInterval = killInterval
        self.maxDown = maxDown
        self.pauseProbability = pauseProbability
        self.trainerFaults = trainerFaults
        self.brokerKills = brokerKills
        self.aggregatorKills = aggregatorKills
        self.timeout = timeout
        self.recompute = recompute
        self.executable = executable
        self.grace = grace
        self.pollInterval = pollInterval
    }

    /// Throws `.invalidArgument` naming the first option out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw LauncherError(.invalidArgument, message) }
        }
        try check(rounds.map { $0 >= 1 } ?? true, "--rounds must be >= 1")
        try check(killInterval > 0 && killInterval.isFinite, "--kill-interval must be a positive number of seconds")
        try check(maxDown >= 0 && maxDown.isFinite, "--max-down must be >= 0 seconds")
        try check(pauseProbability >= 0 && pauseProbability <= 1, "--pause-probability must be in [0, 1]")
        try check(trainerFaults.map { $0 >= 0 } ?? true, "--trainer-faults must be >= 0")
        try check(brokerKills >= 0 && aggregatorKills >= 0, "--broker-kills and --aggregator-kills must be >= 0")
        try check(timeout > 0 && timeout.isFinite, "--timeout must be a positive number of seconds")
    }
}
