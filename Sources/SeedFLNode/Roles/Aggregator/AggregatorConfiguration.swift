import SeedFLCore
import SeedFLWire

/// Everything one aggregator process needs to know: the run, its place in the tree and
/// the endpoints it talks to. Built from a topology; checked once, so the loop never
/// meets a missing name.
public struct AggregatorConfiguration: Sendable {
    /// The run (K, P, rule, clients, target rounds).
    public var run: RunConfig
    /// The deployment, with `@RUN` already resolved.
    public var deployment: Deployment
    /// This aggregator's entry in `deployment.aggregators`.
    public var me: AggregatorDeployment
    /// Index of `me` in `deployment.aggregators`: the HEARTBEAT sender id.
    public var index: Int
    /// The run id every message must carry. Defaults to the run seed, the id
    /// `seedfl simulate` and the broker stamp on their messages.
    public var runID: UInt64
    /// Trainable dimension d in dense modes (0 in seed modes, where d never reaches the
    /// wire). Sizes the frame limit and fixes the length of every dense value vector.
    public var dimension: Int
    /// Where the PUSH socket connects: the broker's `aggregates` (root) or the upstream
    /// aggregator's `contributions` (edge).
    public var upstreamEndpoint: String
    /// Decoding limits of the run; `maximumFrameSize` is every socket's `ZMQ_MAXMSGSIZE`.
    public var limits: DecodeLimits

    /// True for the aggregator that sends final results to the broker.
    public var isRoot: Bool { me.upstream == "broker" }

    /// Finds `name` (default: the root) in `deployment` and wires it.
    /// - Throws: ``RoleError`` when the name or its upstream is not in the deployment.
    public init(run: RunConfig, deployment: Deployment, name: String? = nil, dimension: Int = 0,
                runID: UInt64? = nil) throws(RoleError) {
        let wanted = name ?? deployment.root?.name
        guard let wanted, let index = deployment.aggregators.firstIndex(where: { $0.name == wanted }) else {
            let known = deployment.aggregators.map(\.name).joined(separator: ", ")
            throw RoleError(.configuration, "find aggregator",
                            "no aggregator named '\(name ?? "(root)")' in the deployment (known: \(known))")
        }
        let me = deployment.aggregators[index]
        if me.upstream == "broker" {
            upstreamEndpoint = deployment.broker.aggregates.connect
        } else if let up = deployment.aggregators.first(where: { $0.name == me.upstream }) {
            upstreamEndpoint = up.contributions.connect
        } else {
            throw RoleError(.configuration, "find upstream", "aggregator '\(me.name)' forwards to unknown '\(me.upstream)'")
        }
        self.run = run
        self.deployment = deployment
        self.me = me
        self.index = index
        self.runID = runID ?? run.seed
        self.dimension = run.algorithm.isDense ? max(0, dimension) : 0
        limits = run.wireLimits(dimension: self.dimension, deployment: deployment, runID: self.runID)
    }

    /// Whether trainer `id`'s contribution reaches this aggregator, directly or through
    /// edges below it: the trainers whose quorum this aggregator counts.
    public func answers(forTrainer id: UInt32) -> Bool {
        guard var node = deployment.aggregator(forTrainer: Int(id)) else { return false }
        // The tree was validated acyclic; the bound only guards a hand-built deployment.
        for _ in 0...deployment.aggregators.count {
            if node.name == me.name { return true }
            guard let up = deployment.aggregators.first(where: { $0.name == node.upstream }) else { return false }
            node = up
        }
        return false
    }
}
