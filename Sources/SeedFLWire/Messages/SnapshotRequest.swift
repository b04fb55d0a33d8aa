/// SNAPSHOT_REQUEST (trainer -> broker, DEALER -> ROUTER): "send me bytes `offset ..<
/// offset + maxBytes` of the model snapshot at `sequence`", answered by one SNAPSHOT_CHUNK.
///
/// A trainer that lags too far to replay history (DeComFL appendix A.3) asks for the latest
/// snapshot with `sequence` 0 and offset 0, learns its sequence and size from the first
/// chunk, then asks for the following pieces of that same sequence until `isLast`.
///
/// Layout (32 bytes): header, `runID` u64 @4, `sequence` u64 @12, `offset` u64 @20,
/// `maxBytes` u32 @28.
public struct SnapshotRequest: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The snapshot wanted: the ledger sequence number whose model it holds, or 0 for the
    /// latest one the broker has.
    public var sequence: UInt64
    /// The first byte of the snapshot wanted.
    public var offset: UInt64
    /// The most bytes the trainer wants in the answer (>= 1). A ceiling the broker clamps to
    /// its own chunk size, not a count of anything in this frame.
    public var maxBytes: UInt32

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, sequence: UInt64, offset: UInt64, maxBytes: UInt32) {
        self.runID = runID
        self.sequence = sequence
        self.offset = offset
        self.maxBytes = maxBytes
    }

    /// Every SNAPSHOT_REQUEST frame is 32 bytes.
    public static let encodedSize = WireFormat.headerSize + 28

    /// Checks that `maxBytes >= 1` (a request for nothing is a bug) and that `offset` is 0
    /// when `sequence` is 0: "the latest" can change between two requests, so only the
    /// first piece may be asked for without naming the snapshot.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        guard maxBytes >= 1 else {
            throw .invalidValue(field: "SnapshotRequest.maxBytes", reason: "must be at least 1, got 0")
        }
        guard sequence >= 1 || offset == 0 else {
            throw .invalidValue(field: "SnapshotRequest.offset",
                                reason: "must be 0 when asking for the latest snapshot (sequence 0), got \(offset)")
        }
    }
}

extension SnapshotRequest: WireBody {
    static var messageType: MessageType { .snapshotRequest }
    /// The frame size, header included (the same for every value of this type).
    public var encodedSize: Int { Self.encodedSize }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(sequence)
        writer.write(offset)
        writer.write(maxBytes)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> SnapshotRequest {
        SnapshotRequest(runID: try reader.read(UInt64.self), sequence: try reader.read(UInt64.self),
                        offset: try reader.read(UInt64.self), maxBytes: try reader.read(UInt32.self))
    }
}
