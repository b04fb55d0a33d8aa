/// SNAPSHOT_CHUNK (broker -> trainer, ROUTER -> DEALER): one piece of a model snapshot, or
/// the answer "no snapshot" (`sequence` 0).
///
/// Layout (105 + n bytes): header, `runID` u64 @4, `sequence` u64 @12, `totalSize` u64 @20,
/// `offset` u64 @28, `fingerprint` 64 ASCII bytes @36, `isLast` u8 @100 (0 or 1), byte count
/// n u32 @101, then n bytes.
///
/// The fingerprint is the model's (``ReplayState``'s SHA-256 of parameters and optimiser
/// state, as `seedfl verify` prints it), not a hash of the bytes: the receiver decodes the
/// reassembled snapshot, recomputes it, and refuses a snapshot whose model differs from the
/// one announced, however it was damaged.
public struct SnapshotChunk: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The ledger sequence number whose model the snapshot holds; 0 when the broker has no
    /// snapshot to offer (then every other field is empty: size 0, offset 0, last, the
    /// fingerprint all zeros, no bytes).
    public var sequence: UInt64
    /// Size of the whole snapshot in bytes.
    public var totalSize: UInt64
    /// Position of ``bytes`` in the snapshot.
    public var offset: UInt64
    /// The model fingerprint, 64 lowercase hexadecimal digits.
    public var fingerprint: String
    /// True exactly when this piece ends the snapshot (`offset + bytes.count == totalSize`).
    public var isLast: Bool
    /// The snapshot's bytes `offset ..< offset + bytes.count`, at most
    /// ``DecodeLimits/maxSnapshotChunkBytes``.
    public var bytes: [UInt8]

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, sequence: UInt64, totalSize: UInt64, offset: UInt64, fingerprint: String,
                isLast: Bool, bytes: [UInt8]) {
        self.runID = runID
        self.sequence = sequence
        self.totalSize = totalSize
        self.offset = offset
        self.fingerprint = fingerprint
        self.isLast = isLast
        self.bytes = bytes
    }

    /// The answer to a request the broker cannot serve: no snapshot (or not the one asked
    /// for, which was pruned). The trainer falls back to replaying history.
    public static func unavailable(runID: UInt64) -> SnapshotChunk {
        SnapshotChunk(runID: runID, sequence: 0, totalSize: 0, offset: 0, fingerprint: noFingerprint, isLast: true,
                      bytes: [])
    }

    /// Length of the fingerprint field: a SHA-256 in hexadecimal.
    public static let fingerprintLength = 64

    /// The fingerprint of the "no snapshot" answer: 64 zeros.
    public static let noFingerprint = String(repeating: "0", count: fingerprintLength)

    /// Bytes of a SNAPSHOT_CHUNK before its snapshot bytes.
    public static let fixedSize = WireFormat.headerSize + 101

    /// The size of a chunk carrying `byteCount` snapshot bytes (saturating).
    public static func encodedSize(byteCount: Int) -> Int {
        Saturating.size(fixedSize, (byteCount, 1))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int { Self.encodedSize(byteCount: bytes.count) }

    /// Checks the fingerprint (64 lowercase hex digits), the byte count (at most
    /// `limits.maxSnapshotChunkBytes`), and the piece's place: with `sequence` 0 everything
    /// is empty (see ``unavailable(runID:)``); otherwise the piece is non-empty, lies inside
    /// `totalSize`, and `isLast` says whether it reaches the end.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        let digits = Array(fingerprint.utf8)
        guard digits.count == Self.fingerprintLength else {
            throw .invalidValue(field: "SnapshotChunk.fingerprint",
                                reason: "must be \(Self.fingerprintLength) characters, got \(digits.count)")
        }
        if let index = digits.firstIndex(where: { !((0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0)) }) {
            throw .invalidValue(field: "SnapshotChunk.fingerprint",
                                reason: "byte \(digits[index]) at index \(index) is not a lowercase hex digit")
        }
        try Validate.count(bytes.count, field: "SnapshotChunk.bytes", minimum: 0, limit: limits.maxSnapshotChunkBytes)
        guard sequence >= 1 else {
            guard totalSize == 0, offset == 0, isLast, bytes.isEmpty, fingerprint == Self.noFingerprint else {
                throw .invalidValue(field: "SnapshotChunk.sequence",
                                    reason: "0 means no snapshot: size, offset and bytes must be empty, the fingerprint zeros and isLast set")
            }
            return
        }
        guard !bytes.isEmpty else {
            throw .countOutOfRange(field: "SnapshotChunk.bytes", value: 0, limit: 1)
        }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow, end <= totalSize else {
            throw .invalidValue(field: "SnapshotChunk.offset",
                                reason: "bytes \(offset) + \(bytes.count) extend past the snapshot's \(totalSize) bytes")
        }
        guard isLast == (end == totalSize) else {
            throw .invalidValue(field: "SnapshotChunk.isLast",
                                reason: "is \(isLast) but the piece ends at \(end) of \(totalSize) bytes")
        }
    }
}

extension SnapshotChunk: WireBody {
    static var messageType: MessageType { .snapshotChunk }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(sequence)
        writer.write(totalSize)
        writer.write(offset)
        // Exactly 64 bytes whatever the string holds, so encodedSize stays exact; a value
        // of another length is refused by validate(limits:) on either side.
        var digits = Array(fingerprint.utf8.prefix(Self.fingerprintLength))
        digits += [UInt8](repeating: 0, count: Self.fingerprintLength - digits.count)
        writer.write(raw: digits)
        writer.write(isLast)
        writer.writeCount(bytes.count)
        writer.write(raw: bytes)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> SnapshotChunk {
        let runID = try reader.read(UInt64.self)
        let sequence = try reader.read(UInt64.self)
        let totalSize = try reader.read(UInt64.self)
        let offset = try reader.read(UInt64.self)
        let digits = try reader.readRaw(count: fingerprintLength)
        let isLast = try reader.readBool(field: "SnapshotChunk.isLast")
        let count = try reader.readCount(field: "SnapshotChunk.bytes", limit: limits.maxSnapshotChunkBytes,
                                         minimumElementSize: 1)
        let bytes = try reader.readRaw(count: count)
        return SnapshotChunk(runID: runID, sequence: sequence, totalSize: totalSize, offset: offset,
                             fingerprint: String(decoding: digits, as: UTF8.self), isLast: isLast, bytes: bytes)
    }
}
