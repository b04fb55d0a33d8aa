/// A stored model snapshot, without its bytes.
public struct SnapshotInfo: Equatable, Hashable, Sendable {
    /// The ledger sequence number whose model state the snapshot holds (all rounds up to and
    /// including it applied).
    public var sequence: UInt64
    /// The caller's SHA-256 of the snapshot bytes, 64 lowercase hex digits.
    public var fingerprint: String
    /// Size of the snapshot in bytes.
    public var size: Int

    /// Creates a description of a stored snapshot.
    public init(sequence: UInt64, fingerprint: String, size: Int) {
        self.sequence = sequence
        self.fingerprint = fingerprint
        self.size = size
    }
}
