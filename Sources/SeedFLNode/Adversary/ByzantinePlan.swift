import SeedFLCore

/// How a Byzantine trainer corrupts what it sends (a test-and-demo switch: honest code never
/// takes it).
public enum ByzantineKind: String, Sendable, CaseIterable, Hashable {
    /// Every value negated: the update points uphill.
    case signFlip = "sign-flip"
    /// Every value multiplied by 10^6.
    case scale
    /// Values drawn uniformly from [-100, 100], reproducibly from (run seed, round, trainer).
    case random
    /// The values it computed the first time it was sampled, sent again in every later round.
    case replay
}

/// Which trainer ids misbehave, and how: the topology's `byzantine:` key or the
/// `--byzantine` flag of `seedfl simulate` and `seedfl up`.
///
/// Syntax: `none`, or space-separated `IDS:KIND` entries with comma-separated ids, e.g.
/// `3:sign-flip` or `3,5:scale 6:replay`.
public struct ByzantinePlan: Sendable, Hashable, CustomStringConvertible {
    /// The kind of each misbehaving trainer id.
    public private(set) var kinds: [Int: ByzantineKind] = [:]

    /// Nobody misbehaves.
    public static let none = ByzantinePlan()

    public init() {}

    /// Parses the syntax above; `clients` bounds the ids.
    public init(parsing text: String, clients: Int) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed != "none", !trimmed.isEmpty else { return }
        for entry in trimmed.split(separator: " ") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let kind = ByzantineKind(rawValue: String(parts[1])) else {
                throw ParseError(text: text, reason: "'\(entry)' is not IDS:KIND with KIND one of "
                                 + ByzantineKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            for idText in parts[0].split(separator: ",") {
                guard let id = Int(idText), (0..<clients).contains(id) else {
                    throw ParseError(text: text, reason: "'\(idText)' is not a trainer id in 0..<\(clients)")
                }
                guard kinds[id] == nil else { throw ParseError(text: text, reason: "trainer \(id) is named twice") }
                kinds[id] = kind
            }
        }
    }

    /// Why a plan did not parse.
    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "byzantine '\(text)': \(reason)" }
    }

    /// The kind of trainer `id`, or nil for an honest one.
    public func kind(of id: Int) -> ByzantineKind? { kinds[id] }

    public var isEmpty: Bool { kinds.isEmpty }

    /// The canonical text (ids grouped by kind), which parses back to this plan.
    public var description: String {
        guard !kinds.isEmpty else { return "none" }
        return ByzantineKind.allCases.compactMap { kind in
            let ids = kinds.filter { $0.value == kind }.keys.sorted()
            return ids.isEmpty ? nil : ids.map(String.init).joined(separator: ",") + ":" + kind.rawValue
        }.joined(separator: " ")
    }
}
