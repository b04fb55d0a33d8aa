import Foundation
import SeedFLWire

/// Everything a ``Broker`` needs: the run, its deployment with `@RUN` resolved, and the
/// decoding limits derived from both.
public struct BrokerConfiguration: Sendable {
    /// What the run computes (K, P, sample, rounds, learning rate, seed...).
    public var run: RunConfig
    /// Endpoints and clocks, with `@RUN` already replaced by ``runDirectory``.
    public var deployment: Deployment
    /// Trainable dimension d, used only by the dense algorithms (0 for DeComFL, whose
    /// frames never carry a vector).
    public var dimension: Int

    /// Creates a configuration; `deployment` is resolved against its own run directory.
    public init(run: RunConfig, deployment: Deployment, dimension: Int = 0) {
        self.run = run
        self.deployment = deployment.resolved(runDirectory: deployment.runDirectory)
        self.dimension = dimension
    }

    /// The run directory (ledger, status files, ipc sockets).
    public var runDirectory: String { deployment.runDirectory }

    /// `<run dir>/ledger.sqlite`.
    public var ledgerPath: String { (runDirectory as NSString).appendingPathComponent("ledger.sqlite") }

    /// `<run dir>/status/broker.json`.
    public var statusPath: String { (runDirectory as NSString).appendingPathComponent("status/broker.json") }

    /// Decoding limits of this run: frames no larger than the largest valid message.
    public var limits: DecodeLimits {
        run.wireLimits(dimension: dimension, deployment: deployment)
    }

    /// Live trainers required before a round opens: `min_trainers`, or the sample size m
    /// when it is 0 (the default), so that a fault-free run samples exactly as the simulator.
    public var requiredTrainers: Int {
        deployment.broker.minimumTrainers == 0 ? run.sample : deployment.broker.minimumTrainers
    }

    /// Index of the root aggregator in `deployment.aggregators` (the sender id of its heartbeats).
    public var rootAggregatorIndex: Int? {
        deployment.aggregators.firstIndex { $0.upstream == "broker" }
    }

    /// The mode trainers answer in, as announced in ROUND_OPEN.
    public var mode: AlgorithmMode { run.algorithm.isDense ? .denseDelta : .seedScalars }
}
