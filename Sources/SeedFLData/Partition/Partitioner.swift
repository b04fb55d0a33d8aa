/// How a training set is dealt out to federated clients.
///
/// Every partitioner is a function of the labels, the client count and a seed only, and
/// obeys the same contract: each example index appears in exactly one client's list,
/// each list is in ascending order, and **no client is left empty** — when that is
/// impossible (fewer examples than clients, or for ``oneLabelPerClient`` a label with
/// fewer examples than its clients) partitioning throws instead of returning empty shards.
///
/// The string form, used by configuration files, is `iid`, `dirichlet:ALPHA`,
/// `dirichlet:ALPHA:MIN` (or just `dirichlet` for alpha 1) and `label`;
/// ``description`` writes the same form back.
public enum Partitioner: Hashable, Sendable {
    /// Uniform: shuffle all indices, deal them round robin. Shard sizes differ by at most one.
    case iid
    /// Label skew: for each label, the share of every client is drawn from a symmetric
    /// Dirichlet(alpha); smaller alpha gives more skewed clients. Each client gets at
    /// least `minimumPerClient` examples (see ``DirichletPartition``).
    case dirichlet(alpha: Double, minimumPerClient: Int = DirichletPartition.defaultMinimumPerClient)
    /// Pathological skew: every client holds a single label (client c the c-th label
    /// present, modulo the number of labels); a label's examples are split evenly among
    /// its clients.
    case oneLabelPerClient

    /// DeComFL's concentration for its non-IID experiments (alpha = 1, paper appendix).
    public static let defaultDirichletAlpha = 1.0

    /// Reads the string form (surrounding whitespace and letter case of the kind ignored).
    ///
    /// - Throws: ``PartitionError`` with `.invalidSpecification` naming the text and
    ///   what is wrong with it.
    public init(parsing text: String) throws(PartitionError) {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func invalid(_ reason: String) -> PartitionError {
            PartitionError(code: .invalidSpecification(text, reason: reason))
        }
        switch parts[0].lowercased() {
        case "iid" where parts.count == 1:
            self = .iid
        case "label" where parts.count == 1:
            self = .oneLabelPerClient
        case "iid", "label":
            throw invalid("'\(parts[0])' takes no parameter")
        case "dirichlet":
            guard parts.count <= 3 else { throw invalid("too many ':' fields") }
            var alpha = Self.defaultDirichletAlpha
            if parts.count >= 2 {
                guard let value = Double(parts[1]), value.isFinite, value > 0 else {
                    throw invalid("alpha '\(parts[1])' is not a finite number above 0")
                }
                alpha = value
            }
            var minimum = DirichletPartition.defaultMinimumPerClient
            if parts.count == 3 {
                guard let value = Int(parts[2]), value >= 1 else {
                    throw invalid("minimum '\(parts[2])' is not an integer of at least 1")
                }
                minimum = value
            }
            self = .dirichlet(alpha: alpha, minimumPerClient: minimum)
        default:
            throw invalid("unknown kind '\(parts[0])'")
        }
    }

    /// Deals the examples whose labels are `labels` (any integers) to `clients` clients.
    ///
    /// - Returns: one ascending list of example indices per client, covering
    ///   `0..<labels.count` exactly once; a pure function of the arguments.
    /// - Throws: ``PartitionError`` for a bad client count or alpha, or when some
    ///   client would have to be empty.
    public func partition(labels: [Int], clients: Int, seed: UInt64) throws(PartitionError) -> [[Int]] {
        guard clients >= 1 else { throw PartitionError(code: .invalidClientCount(clients)) }
        guard labels.count >= clients else {
            throw PartitionError(code: .fewerExamplesThanClients(examples: labels.count, clients: clients))
        }
        switch self {
        case .iid:
            return IIDPartition.partition(count: labels.count, clients: clients, seed: seed)
        case let .dirichlet(alpha, minimumPerClient):
            return try DirichletPartition(alpha: alpha, minimumPerClient: minimumPerClient)
                .partition(labels: labels, clients: clients, seed: seed)
        case .oneLabelPerClient:
            return try LabelPartition.partition(labels: labels, clients: clients, seed: seed)
        }
    }

    /// ``partition(labels:clients:seed:)`` over a dataset's labels.
    public func partition(_ dataset: TextDataset, clients: Int, seed: UInt64) throws(PartitionError) -> [[Int]] {
        try partition(labels: dataset.labels, clients: clients, seed: seed)
    }
}

extension Partitioner: CustomStringConvertible {
    /// The string form; `Partitioner(parsing: p.description) == p`.
    public var description: String {
        switch self {
        case .iid:
            return "iid"
        case .oneLabelPerClient:
            return "label"
        case let .dirichlet(alpha, minimum) where minimum == DirichletPartition.defaultMinimumPerClient:
            return "dirichlet:\(alpha)"
        case let .dirichlet(alpha, minimum):
            return "dirichlet:\(alpha):\(minimum)"
        }
    }
}

extension Partitioner: Codable {
    /// Decodes the string form, so a YAML or JSON config can say `partitioner: dirichlet:0.5`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Partitioner(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// The string without leading and trailing whitespace (no Foundation needed).
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
