/// Upper bounds a decoder enforces on a peer's frame before it allocates or trusts anything.
///
/// Every count read from the wire is compared with its limit *before* the array is
/// allocated, and the whole frame with ``maxFrameBytes`` before the first byte is read, so a
/// hostile count such as `0xFFFF_FFFF` costs a comparison, never memory. A node that knows
/// its run configuration should use ``forRun(k:p:participants:dimension:historyRecords:snapshotChunkBytes:)``,
/// which makes the limits exactly as tight as the run allows.
public struct DecodeLimits: Sendable, Equatable {
    /// Maximum number of scalars in a seed-scalar message, i.e. the bound on K*P.
    public var maxScalars: Int
    /// Maximum number of trainer ids in a participant or contributor list.
    public var maxParticipants: Int
    /// Maximum length d of a dense (full-vector) payload.
    public var maxDenseLength: Int
    /// Maximum number of records (ROUND_COMMIT or DENSE_COMMIT) in one HISTORY_CHUNK.
    public var maxHistoryRecords: Int
    /// Maximum number of snapshot bytes in one SNAPSHOT_CHUNK.
    public var maxSnapshotChunkBytes: Int
    /// Maximum size of a whole frame in bytes, checked before anything else.
    public var maxFrameBytes: Int
    /// The run this decoder is bound to; without one, brief frames (``BriefCodec``) are
    /// refused, since nothing could fill in what they leave out.
    public var binding: RunBinding? = nil

    /// The snapshot piece a SeedFL trainer asks for and a broker serves: 1 MiB, the row
    /// size the ledger stores snapshots in (so serving a piece reads one row), and small
    /// enough that a piece never holds the broker's loop for long.
    public static let defaultSnapshotChunkBytes = 1 << 20

    /// Limits with every field given explicitly. Negative values are treated as 0 (which
    /// refuses every non-empty array of that kind).
    ///
    /// `maxSnapshotChunkBytes` defaults to ``defaultSnapshotChunkBytes`` because that is what
    /// every SeedFL broker serves; `maxFrameBytes` still caps the whole frame.
    public init(maxScalars: Int, maxParticipants: Int, maxDenseLength: Int,
                maxHistoryRecords: Int, maxSnapshotChunkBytes: Int = DecodeLimits.defaultSnapshotChunkBytes,
                maxFrameBytes: Int) {
        self.maxScalars = max(0, maxScalars)
        self.maxParticipants = max(0, maxParticipants)
        self.maxDenseLength = max(0, maxDenseLength)
        self.maxHistoryRecords = max(0, maxHistoryRecords)
        self.maxSnapshotChunkBytes = max(0, maxSnapshotChunkBytes)
        self.maxFrameBytes = max(0, maxFrameBytes)
    }

    /// Generous limits for a node that does not know the run configuration yet.
    ///
    /// * `maxScalars` 65 536: K*P in the papers is at most a few hundred (DeComFL uses
    ///   K <= 10 local steps and P <= 25 perturbations), so this leaves two orders of
    ///   magnitude of headroom while capping a scalar array at 256 KiB.
    /// * `maxParticipants` 65 536: far above any fan-in one broker serves, 256 KiB of ids.
    /// * `maxDenseLength` 4 194 304 (16 MiB of floats, 32 MiB as an AGGREGATE's binary64
    ///   values): covers the small reference models
    ///   the dense FedZO/FedMeZO baselines are compared on; larger models must say so via
    ///   ``forRun(k:p:participants:dimension:historyRecords:snapshotChunkBytes:)``.
    /// * `maxHistoryRecords` 1 024: a lagging trainer catches up in a few chunks, and a
    ///   chunk of 1 024 typical records (K*P = 50, 100 contributors) stays below 1 MiB.
    /// * `maxSnapshotChunkBytes` 1 MiB (``defaultSnapshotChunkBytes``).
    /// * `maxFrameBytes` 64 MiB: fits the largest single dense frame above (a dense
    ///   AGGREGATE, 32 MiB + 256 KiB of ids) with room to spare, while refusing a
    ///   gigabyte-sized frame outright. A chunk of many dense records can exceed it; a
    ///   sender must then send fewer records per chunk.
    public static let `default` = DecodeLimits(
        maxScalars: 1 << 16, maxParticipants: 1 << 16, maxDenseLength: 1 << 22,
        maxHistoryRecords: 1 << 10, maxFrameBytes: 1 << 26)

    /// The tightest limits for a run with `k` local steps, `p` perturbations, at most
    /// `participants` trainers per round and (for the dense baselines) `dimension` trainable
    /// parameters (0 when the run never sends dense frames). `snapshotChunkBytes` is 0 by
    /// default: a node that never receives snapshot bytes (broker, aggregators) keeps its
    /// frame bound tight; a trainer passes the piece size it asks for.
    ///
    /// `maxFrameBytes` becomes the size of the largest frame any message could legitimately
    /// have under the other limits (see ``maximumFrameSize``), so nothing valid is refused and
    /// nothing larger is read. With `dimension > 0` that is usually a HISTORY_CHUNK of
    /// `historyRecords` DENSE_COMMITs, about `historyRecords * 4 * dimension` bytes, so a
    /// dense run should pass a small `historyRecords`.
    public static func forRun(k: UInt16, p: UInt16, participants: Int, dimension: Int = 0,
                              historyRecords: Int = DecodeLimits.default.maxHistoryRecords,
                              snapshotChunkBytes: Int = 0) -> DecodeLimits {
        var limits = DecodeLimits(
            maxScalars: Int(k) * Int(p), maxParticipants: participants, maxDenseLength: dimension,
            maxHistoryRecords: historyRecords, maxSnapshotChunkBytes: snapshotChunkBytes, maxFrameBytes: 0)
        limits.maxFrameBytes = limits.maximumFrameSize
        return limits
    }

    /// The size in bytes of the largest frame that satisfies the count limits (ignoring
    /// ``maxFrameBytes`` itself), saturating at `Int.max`.
    ///
    /// A history chunk is bounded as if every record were the larger of the two record
    /// kinds. With `maxDenseLength == 0` no DENSE_COMMIT is valid, and the largest
    /// ROUND_COMMIT is always larger than an empty DENSE_COMMIT (56 > 53 bytes of fixed
    /// fields), so taking the maximum never loosens the bound of a seed-scalar run.
    public var maximumFrameSize: Int {
        let commit = RoundCommit.encodedSize(scalarCount: maxScalars, contributorCount: maxParticipants)
        let denseCommit = DenseCommit.encodedSize(contributorCount: maxParticipants, length: maxDenseLength)
        let sizes = [
            Hello.encodedSize,
            Heartbeat.encodedSize,
            RoundOpen.encodedSize(participantCount: maxParticipants),
            RoundAbort.encodedSize,
            Contribution.encodedSize(scalarCount: maxScalars),
            Aggregate.encodedSize(valueCount: max(maxScalars, maxDenseLength), contributorCount: maxParticipants),
            commit,
            HistoryRequest.encodedSize,
            HistoryChunk.encodedSize(recordCount: maxHistoryRecords, recordFrameSize: max(commit, denseCommit)),
            DenseContribution.encodedSize(length: maxDenseLength),
            denseCommit,
            SnapshotRequest.encodedSize,
            SnapshotChunk.encodedSize(byteCount: maxSnapshotChunkBytes),
        ]
        return sizes.max() ?? Int.max
    }
}

/// Saturating arithmetic for size computations, whose inputs may be limits near `Int.max`.
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? Int.max : r
    }

    static func mul(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? Int.max : r
    }

    /// `base + Σ elementSize[i] * count[i]`, saturating.
    static func size(_ base: Int, _ arrays: (count: Int, elementSize: Int)...) -> Int {
        arrays.reduce(base) { add($0, mul($1.count, $1.elementSize)) }
    }
}
