/// Constants of the SeedFL wire format that every frame shares.
///
/// Every frame starts with a 4-byte header: the magic bytes `"SF"` (0x53 0x46), the format
/// version, and a ``MessageType`` byte. All multi-byte fields that follow are little-endian
/// (the native order of every machine SeedFL targets, so encoding is a copy), floats are
/// IEEE-754 binary32 bit patterns (binary64 only in AGGREGATE, whose sums must not be rounded
/// on the way), and arrays are a `UInt32` element count followed by the elements. The
/// byte-by-byte layout of every message is in `docs/protocol.md`.
public enum WireFormat {
    /// The two magic bytes `"SF"`: lets a receiver reject traffic that is not SeedFL at all
    /// (a misrouted socket, a port scanner) before interpreting anything else.
    public static let magic: (UInt8, UInt8) = (0x53, 0x46)

    /// The only version this codec writes and reads. A new layout gets a new version, so
    /// an old peer fails with ``WireError/unsupportedVersion(found:)`` instead of
    /// misreading fields.
    public static let version: UInt8 = 1

    /// Size of the header: magic (2) + version (1) + message type (1).
    public static let headerSize = 4
}

/// The message type byte (offset 3 of every frame).
///
/// Value 0 is reserved and never assigned, so a zero-filled buffer is refused as
/// ``WireError/unknownType(found:)``.
public enum MessageType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// HELLO.
    case hello = 0x01
    /// HEARTBEAT.
    case heartbeat = 0x02
    /// ROUND_OPEN.
    case roundOpen = 0x03
    /// ROUND_ABORT.
    case roundAbort = 0x04
    /// CONTRIBUTION.
    case contribution = 0x05
    /// AGGREGATE.
    case aggregate = 0x06
    /// ROUND_COMMIT.
    case roundCommit = 0x07
    /// HISTORY_REQUEST.
    case historyRequest = 0x08
    /// HISTORY_CHUNK.
    case historyChunk = 0x09
    /// DENSE_CONTRIBUTION.
    case denseContribution = 0x0A
    /// DENSE_COMMIT.
    case denseCommit = 0x0B
    /// SNAPSHOT_REQUEST.
    case snapshotRequest = 0x0C
    /// SNAPSHOT_CHUNK.
    case snapshotChunk = 0x0D
    /// ROUND_OPEN, brief form (``RunBinding``).
    case roundOpenBrief = 0x0E
    /// ROUND_COMMIT, brief form.
    case roundCommitBrief = 0x0F
    /// CONTRIBUTION, brief form.
    case contributionBrief = 0x10

    /// The protocol name used in `docs/protocol.md` and in logs, e.g. `ROUND_COMMIT`.
    public var description: String {
        switch self {
        case .hello: "HELLO"
        case .heartbeat: "HEARTBEAT"
        case .roundOpen: "ROUND_OPEN"
        case .roundAbort: "ROUND_ABORT"
        case .contribution: "CONTRIBUTION"
        case .aggregate: "AGGREGATE"
        case .roundCommit: "ROUND_COMMIT"
        case .historyRequest: "HISTORY_REQUEST"
        case .historyChunk: "HISTORY_CHUNK"
        case .denseContribution: "DENSE_CONTRIBUTION"
        case .denseCommit: "DENSE_COMMIT"
        case .snapshotRequest: "SNAPSHOT_REQUEST"
        case .snapshotChunk: "SNAPSHOT_CHUNK"
        case .roundOpenBrief: "ROUND_OPEN_BRIEF"
        case .roundCommitBrief: "ROUND_COMMIT_BRIEF"
        case .contributionBrief: "CONTRIBUTION_BRIEF"
        }
    }
}

extension MessageType {
    /// The brief forms: they leave out what a ``RunBinding`` supplies, so only a receiver
    /// bound to the sender's run may take them.
    public var isBrief: Bool { self == .roundOpenBrief || self == .roundCommitBrief || self == .contributionBrief }
}
