/// Where one socket endpoint lives: the address its owner binds and the address the
/// other roles connect to. For ipc and loopback tcp they are the same string; to move a
/// role to another host, bind `tcp://0.0.0.0:PORT` and connect `tcp://HOST:PORT` —
/// nothing but addresses changes.
public struct Endpoint: Hashable, Sendable, Codable, CustomStringConvertible {
    public var bind: String
    public var connect: String

    public init(bind: String, connect: String) {
        self.bind = bind
        self.connect = connect
    }

    public init(_ both: String) { self.init(bind: both, connect: both) }

    public var description: String { bind == connect ? bind : "\(bind) (connect \(connect))" }

    /// Replaces the `@RUN` placeholder by the run directory (for ipc socket files).
    func resolved(runDirectory: String) -> Endpoint {
        Endpoint(bind: bind.replacingOccurrences(of: "@RUN", with: runDirectory),
                 connect: connect.replacingOccurrences(of: "@RUN", with: runDirectory))
    }
}

/// When an aggregator closes a round: once enough of the round's participants have
/// contributed, or at the deadline with whatever arrived if that still meets the quorum.
public enum Quorum: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Every participant.
    case all
    /// At least this fraction of the participants (rounded up), in (0, 1].
    case fraction(Double)
    /// At least this many participants (capped at the participant count).
    case count(Int)

    public init(parsing text: String) throws(ConfigError) {
        if text == "all" { self = .all; return }
        if let n = Int(text), n >= 1 { self = .count(n); return }
        if let f = Double(text), f > 0, f <= 1 { self = .fraction(f); return }
        throw ConfigError(file: nil, field: "quorum", message: "expected all, a count >= 1 or a fraction in (0, 1], got '\(text)'")
    }

    /// Contributions needed for a round with `participants` participants.
    public func required(participants: Int) -> Int {
        switch self {
        case .all: participants
        case .fraction(let f): max(1, min(participants, Int((f * Double(participants)).rounded(.up))))
        case .count(let n): min(n, participants)
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .fraction(let f): "\(f)"
        case .count(let n): "\(n)"
        }
    }
}

/// The broker's endpoints and clocks.
public struct BrokerDeployment: Hashable, Sendable {
    /// PUB: ROUND_OPEN, ROUND_COMMIT, ROUND_ABORT, HEARTBEAT (bound by the broker).
    public var publish: Endpoint
    /// ROUTER: HELLO, HEARTBEAT, HISTORY_REQUEST from trainers and aggregators.
    public var control: Endpoint
    /// PULL: AGGREGATE from the root aggregator.
    public var aggregates: Endpoint
    /// How long a round may stay open before it is aborted.
    public var roundTimeoutMilliseconds: Int
    /// Heartbeat period (broker PUB heartbeats, and what peers are expected to send).
    public var heartbeatMilliseconds: Int
    /// Heartbeat periods a peer may miss before it counts as dead.
    public var liveness: Int
    /// Live trainers required before a round opens (0: the run's `sample`).
    public var minimumTrainers: Int
    /// Records per HISTORY_CHUNK.
    public var historyChunk: Int
    /// Commits between the model snapshots the broker stores in its ledger and serves to
    /// trainers that lag too far to replay history (DeComFL appendix A.3). 0 (the default)
    /// turns snapshots off: the broker then never builds the model, which costs memory and
    /// one model update per commit (for a 135M-parameter model, seconds of CPU per commit).
    public var snapshotEvery: Int = 0
    /// Where the broker serves Prometheus metrics (YAML `broker.metrics.listen`); nil: off.
    public var metrics: MetricsListen?
}

/// An XSUB/XPUB proxy that fans the broker's broadcast out. Its XSUB side connects to
/// the broker's `publish` endpoint; its XPUB side binds `backend`.
public struct ForwarderDeployment: Hashable, Sendable {
    /// XPUB side: trainers and aggregators subscribe here.
    public var backend: Endpoint
    /// Where the forwarder serves Prometheus metrics; nil: off.
    public var metrics: MetricsListen?
}

/// One aggregator of the tree.
public struct AggregatorDeployment: Hashable, Sendable {
    public var name: String
    /// PULL bound by this aggregator: CONTRIBUTIONs (and partial AGGREGATEs from edges).
    public var contributions: Endpoint
    /// `broker`, or the name of the aggregator this one forwards partial sums to.
    public var upstream: String
    public var quorum: Quorum
    /// Trainer ids that push to this aggregator; empty means "every trainer not assigned
    /// to another aggregator". Only leaf aggregators receive trainers.
    public var trainers: [Int]
    /// Where this aggregator serves Prometheus metrics; nil: off.
    public var metrics: MetricsListen? = nil
}

/// Which process asks ``Deployment/metricsListen(for:)`` where to serve its metrics.
public enum MetricsRole: Sendable, Hashable {
    case broker, forwarder, evaluator
    /// An aggregator by name (nil: the root).
    case aggregator(String?)
    /// A trainer process whose first (or only) trainer has this id.
    case trainers(firstID: Int)
}

/// The deployment: which role binds or connects where, quorum and deadlines.
public struct Deployment: Hashable, Sendable {
    public var runDirectory: String
    public var broker: BrokerDeployment
    public var forwarder: ForwarderDeployment?
    public var aggregators: [AggregatorDeployment]
    /// Commits between trainer checkpoints.
    public var checkpointEvery: Int
    /// Rounds a trainer may lag behind the broker and still catch up by replaying history;
    /// beyond it the trainer loads the broker's latest snapshot first and replays only the
    /// tail. 0 means never use snapshots. The default, 1000, is where replaying history costs
    /// more than a snapshot download for the models SeedFL runs: replaying one DeComFL round
    /// regenerates K*P Gaussian vectors of d values (about 6.5 memory passes each), while a
    /// snapshot is one transfer of 4d bytes; a trainer that is a few hundred rounds behind
    /// still catches up in seconds from history, and a snapshot only helps far beyond that.
    public var snapshotLag: Int = 1000
    /// CURVE keys and allow-list (the topology's `security:` section); nil: plaintext.
    public var security: SecurityConfig?
    /// Where each trainer's own data file is (YAML `deployment.trainer_data`, a path with
    /// `{id}` standing for the trainer id, relative to the working directory): a trainer
    /// then loads only that file, never the whole dataset (``ModelFactory/prepare(_:ownData:)``).
    /// nil: every trainer loads the bundled dataset and cuts its own shard from it.
    public var trainerData: String?

    /// How many trainers `seedfl up` runs in one process (YAML `deployment.trainers_per_process`,
    /// default 1): above 1, each process is a ``TrainerGroup`` (`seedfl trainer --ids a-b`)
    /// whose trainers share the prepared model and a ZeroMQ context, which is what lets one
    /// host run hundreds of small trainers.
    public var trainersPerProcess: Int = 1
    /// How often a trainer rewrites its status file, in milliseconds (YAML
    /// `deployment.status_ms`, default 200). `seedfl up` learns from these files when every
    /// trainer has applied the last commit; with hundreds of trainers per host, 1,000 keeps
    /// the writes from costing more than the training.
    public var statusMilliseconds: Int = 200

    /// The folder of the evaluator's `validation.tsv` and `test.tsv` (YAML
    /// `deployment.evaluation_data`); nil: the evaluator loads the bundled dataset and splits it.
    public var evaluationData: String?

    /// Where the evaluator serves Prometheus metrics (YAML `deployment.evaluator.metrics`).
    public var evaluatorMetrics: MetricsListen?
    /// Where trainer processes serve Prometheus metrics (YAML `deployment.trainers.metrics`):
    /// a process whose first (or only) trainer is `id` listens on the port plus `id`, so
    /// trainer 3 of `127.0.0.1:9110` serves on 9113 and the group `--ids 250-499` on 9360.
    public var trainerMetrics: MetricsListen?

    /// Where the process of `role` serves metrics according to the topology, nil when off.
    public func metricsListen(for role: MetricsRole) throws(MetricsListenError) -> MetricsListen? {
        switch role {
        case .broker: broker.metrics
        case .forwarder: forwarder?.metrics
        case .evaluator: evaluatorMetrics
        case .aggregator(let name): aggregators.first { $0.name == (name ?? root?.name) }?.metrics
        case .trainers(let first): try trainerMetrics?.offset(by: first)
        }
    }

    /// The data file of trainer `id` under ``trainerData``, or nil when there is none.
    public func trainerDataPath(for id: Int) -> String? {
        trainerData.map { $0.replacingOccurrences(of: "{id}", with: String(id)) }
    }

    /// The endpoint trainers and aggregators subscribe to.
    public var broadcast: Endpoint { forwarder?.backend ?? broker.publish }
    /// Who serves ``broadcast``: the forwarder if there is one, else the broker.
    public var broadcaster: PeerIdentity { forwarder == nil ? .broker : .forwarder }

    /// The aggregator that talks to the broker.
    public var root: AggregatorDeployment? { aggregators.first { $0.upstream == "broker" } }

    /// The aggregator trainer `id` pushes its contributions to.
    public func aggregator(forTrainer id: Int) -> AggregatorDeployment? {
        let leaves = aggregators.filter { a in !aggregators.contains { $0.upstream == a.name } }
        if let explicit = leaves.first(where: { $0.trainers.contains(id) }) { return explicit }
        return leaves.first { $0.trainers.isEmpty }
    }

    /// The same deployment with `@RUN` replaced by `directory` in every endpoint.
    public func resolved(runDirectory directory: String) -> Deployment {
        var d = self
        d.runDirectory = directory
        d.broker.publish = broker.publish.resolved(runDirectory: directory)
        d.broker.control = broker.control.resolved(runDirectory: directory)
        d.broker.aggregates = broker.aggregates.resolved(runDirectory: directory)
        if var f = forwarder {
            f.backend = f.backend.resolved(runDirectory: directory)
            d.forwarder = f
        }
        d.aggregators = aggregators.map { a in
            var a = a
            a.contributions = a.contributions.resolved(runDirectory: directory)
            return a
        }
        return d
    }

    /// A single-machine ipc deployment under the run directory: the default when a
    /// topology has no `deployment:` section.
    public static func localIPC(runDirectory: String = "runs/default") -> Deployment {
        Deployment(runDirectory: runDirectory,
                   broker: BrokerDeployment(publish: Endpoint("ipc://@RUN/pub"), control: Endpoint("ipc://@RUN/ctl"),
                                            aggregates: Endpoint("ipc://@RUN/agg"), roundTimeoutMilliseconds: 10_000,
                                            heartbeatMilliseconds: 250, liveness: 8, minimumTrainers: 0,
                                            historyChunk: 256),
                   forwarder: nil,
                   aggregators: [AggregatorDeployment(name: "root", contributions: Endpoint("ipc://@RUN/contrib"),
                                                      upstream: "broker", quorum: .all, trainers: [])],
                   checkpointEvery: 10)
    }
}
