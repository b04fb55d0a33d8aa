import Yams

/// A strict reader over one YAML mapping: typed look-ups that name the field on error,
/// and a final check that rejects keys nobody read (a misspelt key must not be
/// silently ignored).
struct YAMLFields {
    let file: String
    let path: String
    private let mapping: [String: Node]
    private var used: Set<String> = []

    init(_ node: Node?, file: String, path: String) throws(ConfigError) {
        self.file = file
        self.path = path
        guard let node else {
            mapping = [:]
            return
        }
        guard case .mapping(let m) = node else {
            throw ConfigError(file: file, field: path.isEmpty ? "(top level)" : path, message: "expected a mapping")
        }
        var dict: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else {
                throw ConfigError(file: file, field: path, message: "keys must be strings")
            }
            dict[key] = v
        }
        mapping = dict
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, field: field(key), message: message)
    }

    mutating func node(_ key: String) -> Node? {
        used.insert(key)
        return mapping[key]
    }

    mutating func section(_ key: String) throws(ConfigError) -> YAMLFields {
        try YAMLFields(node(key), file: file, path: field(key))
    }

    mutating func string(_ key: String, default value: String) throws(ConfigError) -> String {
        guard let n = node(key) else { return value }
        guard case .scalar(let s) = n else { throw error(key, "expected a string") }
        return s.string
    }

    mutating func strings(_ key: String, default value: [String]) throws(ConfigError) -> [String] {
        guard let n = node(key) else { return value }
        guard case .sequence(let items) = n else { throw error(key, "expected a list of strings") }
        var out: [String] = []
        for item in items {
            guard case .scalar(let s) = item else { throw error(key, "expected a list of strings") }
            out.append(s.string)
        }
        return out
    }

    mutating func int(_ key: String, default value: Int) throws(ConfigError) -> Int {
        guard let n = node(key) else { return value }
        guard let i = n.int else { throw error(key, "expected an integer, got '\(n.string ?? "?")'") }
        return i
    }

    mutating func uint64(_ key: String, default value: UInt64) throws(ConfigError) -> UInt64 {
        guard let n = node(key) else { return value }
        guard let s = n.string, let v = UInt64(s) ?? (s.hasPrefix("0x") ? UInt64(s.dropFirst(2), radix: 16) : nil) else {
            throw error(key, "expected a non-negative integer, got '\(n.string ?? "?")'")
        }
        return v
    }

    mutating func double(_ key: String, default value: Double) throws(ConfigError) -> Double {
        guard let n = node(key) else { return value }
        guard let d = n.float ?? n.int.map(Double.init), d.isFinite else {
            throw error(key, "expected a number, got '\(n.string ?? "?")'")
        }
        return d
    }

    mutating func float(_ key: String, default value: Float) throws(ConfigError) -> Float {
        Float(try double(key, default: Double(value)))
    }

    mutating func bool(_ key: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let n = node(key) else { return value }
        guard let b = n.bool else { throw error(key, "expected true or false, got '\(n.string ?? "?")'") }
        return b
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, default value: E) throws(ConfigError) -> E
        where E.RawValue == String {
        let s = try string(key, default: value.rawValue)
        guard let e = E(rawValue: s) else {
            throw error(key, "unknown value '\(s)' (expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return e
    }

    /// Throws if the mapping has keys that were never read.
    func rejectUnknownKeys() throws(ConfigError) {
        if let extra = mapping.keys.sorted().first(where: { !used.contains($0) }) {
            throw ConfigError(file: file, field: field(extra), message: "unknown key")
        }
    }
}
