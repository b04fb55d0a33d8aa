/// A partition could not be made, or its specification could not be read.
public struct PartitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Hashable, Sendable {
        /// A partitioner string (from a config file) is not `iid`, `dirichlet:ALPHA[:MIN]`
        /// or `label`.
        case invalidSpecification(String, reason: String)
        /// There must be at least one client.
        case invalidClientCount(Int)
        /// The Dirichlet concentration must be a finite number above zero.
        case invalidAlpha(Double)
        /// The Dirichlet minimum shard size must be at least one.
        case invalidMinimum(Int)
        /// Every client must get an example, which needs at least as many examples.
        case fewerExamplesThanClients(examples: Int, clients: Int)
        /// One label per client needs a client for every label present.
        case fewerClientsThanLabels(clients: Int, labels: Int)
        /// A label has fewer examples than the clients that must share it.
        case labelTooSmall(label: Int, examples: Int, clients: Int)
    }

    /// What was wrong.
    public let code: Code

    /// Creates an error with the given code.
    public init(code: Code) { self.code = code }

    /// One line saying what was wrong, with the offending values, for logs and CLI output.
    public var description: String {
        switch code {
        case let .invalidSpecification(text, reason):
            return "invalid partitioner '\(text)': \(reason) (expected iid, dirichlet:ALPHA[:MIN] or label)"
        case let .invalidClientCount(clients):
            return "client count \(clients) must be at least 1"
        case let .invalidAlpha(alpha):
            return "Dirichlet alpha \(alpha) must be finite and above 0"
        case let .invalidMinimum(minimum):
            return "Dirichlet minimum shard size \(minimum) must be at least 1"
        case let .fewerExamplesThanClients(examples, clients):
            return "\(examples) examples cannot give each of \(clients) clients one"
        case let .fewerClientsThanLabels(clients, labels):
            return "one label per client needs at least \(labels) clients (one per label), got \(clients)"
        case let .labelTooSmall(label, examples, clients):
            return "label \(label) has \(examples) examples for \(clients) clients; each needs one"
        }
    }
}
