import Crypto

/// SHA-256 over a canonical little-endian encoding of committed rounds, in order.
///
/// Two ledgers with the same fingerprint committed exactly the same rounds with the same
/// bits, so the simulator and a distributed run can be compared by one string.
public struct LedgerFingerprint {
    private var hasher = SHA256()
    public private(set) var rounds = 0

    public init() {}

    public mutating func add(_ r: CommittedRound) {
        var bytes: [UInt8] = []
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        put(r.sequence); put(r.round); put(r.seed)
        put(UInt32(r.steps)); put(UInt32(r.perturbations))
        put(r.learningRate.bitPattern); put(r.meanLoss.bitPattern)
        put(UInt32(r.scalars.count)); for s in r.scalars { put(s.bitPattern) }
        put(UInt32(r.contributors.count)); for c in r.contributors { put(c) }
        put(UInt64(r.dense?.count ?? 0)); for v in r.dense ?? [] { put(v.bitPattern) }
        hasher.update(data: bytes)
        rounds += 1
    }

    /// Lowercase hex digest of everything added so far.
    public var hex: String {
        hasher.finalize().map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// The fingerprint of a whole list of rounds.
    public static func of(_ rounds: some Sequence<CommittedRound>) -> String {
        var f = LedgerFingerprint()
        for r in rounds { f.add(r) }
        return f.hex
    }
}
