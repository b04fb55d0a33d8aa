/// Who a process is, as its CURVE key proves it: the name an allow-list binds a key to, and
/// the name the ZAP handler gives every message of that key's connections (`User-Id`).
///
/// Names are `broker`, `forwarder`, `evaluator`, `aggregator-<name>` and `trainer-<id>`.
public enum PeerIdentity: Hashable, Sendable, CustomStringConvertible, Comparable {
    case broker
    case forwarder
    case evaluator
    case aggregator(String)
    case trainer(Int)

    /// Parses a name; `nil` for anything else (a trainer id must be a decimal number).
    public init?(name: String) {
        switch name {
        case "broker": self = .broker
        case "forwarder": self = .forwarder
        case "evaluator": self = .evaluator
        default:
            if name.hasPrefix("trainer-"), let id = Int(name.dropFirst("trainer-".count)), id >= 0,
               String(id) == name.dropFirst("trainer-".count) {
                self = .trainer(id)
            } else if name.hasPrefix("aggregator-"), name.count > "aggregator-".count {
                self = .aggregator(String(name.dropFirst("aggregator-".count)))
            } else {
                return nil
            }
        }
    }

    /// The name (the inverse of ``init(name:)``).
    public var description: String {
        switch self {
        case .broker: "broker"
        case .forwarder: "forwarder"
        case .evaluator: "evaluator"
        case .aggregator(let name): "aggregator-\(name)"
        case .trainer(let id): "trainer-\(id)"
        }
    }

    /// The topology role this identity plays (`broker`, `forwarder`, `evaluator`,
    /// `aggregator`, `trainer`), which names its key folder override.
    public var role: String {
        switch self {
        case .broker: "broker"
        case .forwarder: "forwarder"
        case .evaluator: "evaluator"
        case .aggregator: "aggregator"
        case .trainer: "trainer"
        }
    }

    /// Every identity a deployment has, in a stable order: broker, forwarder (if any),
    /// aggregators, trainers, evaluator.
    public static func all(in deployment: Deployment, clients: Int) -> [PeerIdentity] {
        var all: [PeerIdentity] = [.broker]
        if deployment.forwarder != nil { all.append(.forwarder) }
        all += deployment.aggregators.map { .aggregator($0.name) }
        all += (0..<clients).map { .trainer($0) }
        all.append(.evaluator)
        return all
    }

    public static func < (a: PeerIdentity, b: PeerIdentity) -> Bool { a.description < b.description }
}
