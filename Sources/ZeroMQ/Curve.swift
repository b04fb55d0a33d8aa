import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 32-byte CURVE (Curve25519) key, public or secret.
///
/// The canonical text form is Z85 (40 characters), which is what `zmq_curve_keypair`
/// produces and what configuration files hold.
public struct CurveKey: Sendable, Hashable, CustomStringConvertible {
    /// The raw key, exactly 32 bytes.
    public let bytes: [UInt8]

    /// Creates a key from 32 raw bytes.
    /// - Throws: ``ZeroMQError`` with `EINVAL`, operation `"CurveKey(bytes:)"`, for any other length.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw ZeroMQError(errno: EINVAL, operation: "CurveKey(bytes:)") }
        self.bytes = bytes
    }

    /// Decodes a 40-character Z85 key.
    /// - Throws: ``ZeroMQError`` with `EINVAL`, operation `"CurveKey(z85:)"`, when the text
    ///   is not 40 characters of the Z85 alphabet.
    public init(z85: String) throws {
        let text = Array(z85.utf8)
        guard text.count == 40, text.allSatisfy(CurveKey.isZ85) else {
            throw ZeroMQError(errno: EINVAL, operation: "CurveKey(z85:)")
        }
        var decoded = [UInt8](repeating: 0, count: 32)
        let ok = decoded.withUnsafeMutableBufferPointer { out in
            z85.withCString { zmq_z85_decode(out.baseAddress, $0) != nil }
        }
        guard ok else { throw ZeroMQError(errno: EINVAL, operation: "CurveKey(z85:)") }
        bytes = decoded
    }

    /// The key as 40 Z85 characters.
    public var z85: String {
        var text = [CChar](repeating: 0, count: 41)
        _ = bytes.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, 32) }
        return String(nulTerminated: text)
    }

    /// The Z85 text. Printing a secret key is the caller's decision.
    public var description: String { z85 }

    /// The public key that belongs to this secret key (`zmq_curve_public`).
    /// - Throws: ``ZeroMQError`` with operation `"zmq_curve_public"` (`ENOTSUP` without CURVE).
    public func derivedPublicKey() throws -> CurveKey {
        var publicText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicText, z85) == 0 else { throw ZeroMQError.last("zmq_curve_public") }
        return try CurveKey(z85: String(nulTerminated: publicText))
    }

    /// Z85's alphabet: 0-9 a-z A-Z and `.-:+=^!/*?&<>()[]{}@%$#`.
    private static func isZ85(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array(".-:+=^!/*?&<>()[]{}@%$#".utf8).contains(c)
        }
    }
}

/// A CURVE key pair: the public half is shared, the secret half never leaves its owner.
public struct CurveKeyPair: Sendable, Hashable {
    /// The key peers use to authenticate and encrypt to this party.
    public var publicKey: CurveKey
    /// The matching secret key.
    public var secretKey: CurveKey

    /// Pairs existing keys; nothing checks that they match (see ``CurveKey/derivedPublicKey()``).
    public init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Generates a fresh key pair with libzmq's CURVE implementation (libsodium on Debian).
    /// - Throws: ``ZeroMQError`` with operation `"zmq_curve_keypair"` (`ENOTSUP` when libzmq
    ///   was built without CURVE).
    public static func generate() throws -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else {
            throw ZeroMQError.last("zmq_curve_keypair")
        }
        return CurveKeyPair(
            publicKey: try CurveKey(z85: String(nulTerminated: publicText)),
            secretKey: try CurveKey(z85: String(nulTerminated: secretText)))
    }
}

/// The CURVE role of a socket (`ZMQ_CURVE_*` options). Without one, traffic is plaintext
/// and unauthenticated (libzmq's NULL mechanism).
public enum CurveSecurity: Sendable, Hashable {
    /// The socket accepts CURVE clients that know `keys.publicKey` (`ZMQ_CURVE_SERVER`,
    /// `ZMQ_CURVE_SECRETKEY`). Usually the binding side.
    case server(keys: CurveKeyPair)
    /// The socket talks only to the server holding `serverPublicKey`'s secret
    /// (`ZMQ_CURVE_SERVERKEY`), proving itself with `keys` (`ZMQ_CURVE_PUBLICKEY`/`SECRETKEY`).
    case client(serverPublicKey: CurveKey, keys: CurveKeyPair)
}
