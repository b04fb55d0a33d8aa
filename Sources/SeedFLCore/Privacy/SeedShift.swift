import Crypto
import Foundation

/// Private seed shifting (DeComFL appendix A.3).
///
/// Trainers that share a secret map every public round seed `s` to
/// `s' = first 8 bytes (little-endian) of HMAC-SHA256(secret, "seedfl-seed-shift" || s)`
/// and draw their perturbations from `s'`. The server still sees seeds and scalars, but
/// without the secret it cannot regenerate the directions, so it cannot rebuild the
/// model or infer how it moves. The map is deterministic, so every trainer (and any
/// verifier holding the secret) replays identical bits.
public struct SeedShift: Sendable, Hashable {
    private let key: [UInt8]?

    /// No shift: trainers use the public seed as is (the default).
    public static let none = SeedShift(key: nil)

    private init(key: [UInt8]?) { self.key = key }

    /// A shift keyed by `secret` (any non-empty byte string shared among trainers).
    public init(secret: [UInt8]) {
        self.key = secret.isEmpty ? nil : secret
    }

    /// A shift keyed by the UTF-8 bytes of `secret`; an empty string means no shift.
    public init(secret: String) { self.init(secret: Array(secret.utf8)) }

    /// True when a secret is set.
    public var isActive: Bool { key != nil }

    /// The seed trainers actually use for public seed `seed`.
    public func map(_ seed: UInt64) -> UInt64 {
        guard let key else { return seed }
        var message = Array("seedfl-seed-shift".utf8)
        withUnsafeBytes(of: seed.littleEndian) { message.append(contentsOf: $0) }
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        var out: UInt64 = 0
        for (i, byte) in mac.prefix(8).enumerated() { out |= UInt64(byte) << (8 * UInt64(i)) }
        return out
    }
}
