import Foundation
import ZeroMQ

/// Which CURVE public keys may connect, and the identity each is bound to: the text file a
/// topology's `security.allow_list` names, one `<identity> <Z85 public key>` per line
/// (a line starting with `#` is a comment; `#` is also a Z85 character, so there are no
/// comments after a key). An identity may have several keys (a rotation in progress); a key
/// belongs to exactly one identity. Removing a line revokes the key (see ``TrustedKeys``).
public struct AllowList: Sendable, Equatable {
    /// Identity of every allowed key, by Z85 text.
    public private(set) var identities: [String: PeerIdentity] = [:]

    /// At most this many keys: the file is read by every server process on every change.
    public static let maximumKeys = 100_000

    public init() {}

    /// The identity `key` is bound to, or `nil` when it is not allowed.
    public func identity(of key: String) -> PeerIdentity? { identities[key] }

    /// Binds `key` to `identity`.
    /// - Throws: when the key is already bound to another identity.
    public mutating func allow(_ key: CurveKey, as identity: PeerIdentity) throws(SecurityError) {
        if let bound = identities[key.z85], bound != identity {
            throw SecurityError(file: "allow-list", "key \(key.z85) is bound to both \(bound) and \(identity)")
        }
        identities[key.z85] = identity
    }

    /// The file's text: one line per key, sorted by identity.
    public var text: String {
        "# identity public-key (Z85); remove a line to revoke that key (servers reload on change or SIGHUP)\n"
            + identities.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map { "\($0.value) \($0.key)\n" }.joined()
    }

    /// Parses a file's text. Errors name the file and the line.
    public static func parse(_ text: String, path: String) throws(SecurityError) -> AllowList {
        var list = AllowList()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if raw.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") { continue }
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            let at = "\(path):\(index + 1)"
            guard fields.count == 2 else { throw SecurityError(file: at, "expected '<identity> <public key>'") }
            guard let identity = PeerIdentity(name: String(fields[0])) else {
                throw SecurityError(file: at, "'\(fields[0])' is not an identity (broker, forwarder, evaluator, aggregator-NAME, trainer-ID)")
            }
            guard let key = try? CurveKey(z85: String(fields[1])) else {
                throw SecurityError(file: at, "the public key is not 40 Z85 characters")
            }
            do { try list.allow(key, as: identity) } catch { throw SecurityError(file: at, error.message) }
            guard list.identities.count <= maximumKeys else { throw SecurityError(file: at, "more than \(maximumKeys) keys") }
        }
        return list
    }

    /// Reads the file at `path` (at most 16 MiB).
    public static func load(path: String) throws(SecurityError) -> AllowList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecurityError(file: path, "cannot read the allow-list")
        }
        guard data.count <= 16 << 20, let text = String(data: data, encoding: .utf8) else {
            throw SecurityError(file: path, "over 16 MiB or not UTF-8")
        }
        return try parse(text, path: path)
    }
}
