/// What a server socket is for, which decides who may connect to it. The value is the
/// socket's ZAP domain.
public enum AccessDomain: String, Sendable, CaseIterable {
    /// The broker's PUB and the forwarder's XPUB: every allow-listed identity may listen.
    case broadcast
    /// The broker's ROUTER: trainers (HELLO, HEARTBEAT, history, snapshots), aggregators
    /// (HEARTBEAT) and the evaluator (history).
    case control
    /// The broker's PULL for final AGGREGATEs: only aggregators whose upstream is the broker.
    case aggregates
    /// An aggregator's PULL: the trainers routed to it and the aggregators below it.
    case contributions
}

/// Who may connect to which of one process's server sockets, derived from the deployment.
/// Pure, so the rules are unit-tested apart from any socket.
public struct AccessPolicy: Sendable {
    public let deployment: Deployment
    /// The process whose sockets these are (an aggregator's name matters for `contributions`).
    public let server: PeerIdentity

    public init(deployment: Deployment, server: PeerIdentity) {
        self.deployment = deployment
        self.server = server
    }

    /// Whether `peer` may connect to this process's socket of `domain`.
    public func admits(_ peer: PeerIdentity, to domain: AccessDomain) -> Bool {
        switch (domain, peer) {
        case (.broadcast, _):
            return peer != server
        case (.control, .trainer), (.control, .aggregator), (.control, .evaluator):
            return true
        case (.aggregates, .aggregator(let name)):
            return deployment.aggregators.contains { $0.name == name && $0.upstream == "broker" }
        case (.contributions, .trainer(let id)):
            guard case .aggregator(let me) = server else { return false }
            return deployment.aggregator(forTrainer: id)?.name == me
        case (.contributions, .aggregator(let name)):
            guard case .aggregator(let me) = server else { return false }
            return deployment.aggregators.contains { $0.name == name && $0.upstream == me }
        default:
            return false
        }
    }
}
