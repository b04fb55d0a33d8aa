/// A topology's `security:` section: where each role's CURVE keys are and which keys may
/// connect. Without the section every socket is plaintext and unauthenticated (loopback
/// demos and tests); with it, every socket of every role uses CURVE and every server
/// admits only allow-listed keys (see `docs/security.md`).
///
/// ```yaml
/// security:
///   keys: keys/secure-tcp                 # every role's key folder (relative to the working directory)
///   role_keys: { trainer: /etc/seedfl }   # optional per-role folders: broker, forwarder, aggregator, trainer, evaluator
///   allow_list: keys/secure-tcp/allow.list  # default: <keys>/allow.list
/// ```
///
/// A role's folder holds its own `<identity>.key_secret` and the public `<identity>.key` of
/// every server it connects to (broker, forwarder, its upstream aggregator). Servers (broker,
/// forwarder, aggregators) also read the allow-list.
public struct SecurityConfig: Hashable, Sendable {
    /// The default key folder of every role.
    public var keys: String
    /// Key folders by role name, overriding ``keys``.
    public var roleKeys: [String: String] = [:]
    /// The allow-list file.
    public var allowList: String

    /// The roles `role_keys` may name.
    public static let roles = ["broker", "forwarder", "aggregator", "trainer", "evaluator"]

    public init(keys: String, roleKeys: [String: String] = [:], allowList: String? = nil) {
        self.keys = keys
        self.roleKeys = roleKeys
        self.allowList = allowList ?? keys + "/allow.list"
    }

    /// The folder holding `identity`'s keys (its secret, and the servers' public keys).
    public func folder(for identity: PeerIdentity) -> String { roleKeys[identity.role] ?? keys }

    /// Reads the section; `nil` when the topology has none.
    static func parse(_ f: inout YAMLFields) throws(ConfigError) -> SecurityConfig? {
        guard f.node("security") != nil else { return nil }
        var s = try f.section("security")
        let keys = try s.string("keys", default: "")
        if keys.isEmpty { throw s.error("keys", "is required: the folder of the roles' CURVE keys (make it with 'seedfl keys generate')") }
        var config = SecurityConfig(keys: keys)
        var roles = try s.section("role_keys")
        for role in Self.roles {
            let folder = try roles.string(role, default: "")
            if !folder.isEmpty { config.roleKeys[role] = folder }
        }
        try roles.rejectUnknownKeys()
        config.allowList = try s.string("allow_list", default: config.allowList)
        try s.rejectUnknownKeys()
        return config
    }
}
