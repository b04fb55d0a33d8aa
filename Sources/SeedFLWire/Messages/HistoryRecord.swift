/// One record of a HISTORY_CHUNK: a committed round as the ledger holds it, either a
/// seed-scalar ``RoundCommit`` or a dense baseline's ``DenseCommit``.
///
/// Nested layout (frame size + 1 bytes): record type u8 @0 (the ``MessageType`` byte of
/// ROUND_COMMIT 0x07 or DENSE_COMMIT 0x0B), body length L u32 @1, then the L-byte body: the
/// record's standalone frame without its 4-byte header. The type says how to parse the body,
/// and the length bounds it, so a bad record cannot make the decoder read into the next.
public enum HistoryRecord: Sendable, Equatable, Hashable {
    /// A seed-scalar round.
    case commit(RoundCommit)
    /// A dense-baseline round.
    case dense(DenseCommit)

    /// The record's ledger sequence number.
    public var sequence: UInt64 {
        switch self {
        case let .commit(record): record.sequence
        case let .dense(record): record.sequence
        }
    }

    /// The run the record belongs to.
    public var runID: UInt64 {
        switch self {
        case let .commit(record): record.runID
        case let .dense(record): record.runID
        }
    }

    /// The committed round.
    public var round: UInt64 {
        switch self {
        case let .commit(record): record.round
        case let .dense(record): record.round
        }
    }

    /// The record type byte: the message type the body would be framed with on its own.
    public var type: MessageType { body.messageTypeOfValue }

    /// The bytes the record occupies inside a chunk: one more than its standalone frame
    /// (the 4-byte header is replaced by the type byte and the 4-byte length).
    public var encodedSize: Int { Self.encodedSize(frameSize: body.encodedSize) }

    /// The nested size of a record whose standalone frame is `frameSize` bytes (saturating).
    public static func encodedSize(frameSize: Int) -> Int {
        Saturating.add(frameSize, 1)
    }

    /// Checks the record's own protocol rules (``RoundCommit/validate(limits:)`` or
    /// ``DenseCommit/validate(limits:)``); errors name the record's type, not the chunk.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try body.validate(limits: limits)
    }

    /// The payload, seen through the framing protocol.
    private var body: any WireBody {
        switch self {
        case let .commit(record): record
        case let .dense(record): record
        }
    }

    /// The smallest nested record (empty arrays): a record count the remaining bytes
    /// cannot hold at this size each is refused before anything is allocated.
    static let minimumEncodedSize = encodedSize(frameSize: min(
        RoundCommit.encodedSize(scalarCount: 0, contributorCount: 0),
        DenseCommit.encodedSize(contributorCount: 0, length: 0)))

    /// Writes type, length and body.
    func write(to writer: inout ByteWriter) {
        let body = self.body
        writer.write(body.messageTypeOfValue.rawValue)
        writer.writeCount(body.bodySize)
        body.write(to: &writer)
    }

    /// Reads type, length and body, the body from a reader that ends where the length says.
    /// Field names in errors are those of the record type (`RoundCommit.scalars`); the chunk
    /// moves them under the record's index.
    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> HistoryRecord {
        // The type is checked as soon as it is read, like every enumeration byte.
        let rawType = try reader.read(UInt8.self)
        let type = MessageType(rawValue: rawType)
        guard type == .roundCommit || type == .denseCommit else {
            throw .unknownEnumValue(field: "HistoryRecord.type", raw: rawType)
        }
        let length = Int(try reader.read(UInt32.self))
        var bodyReader = try reader.subReader(length: length)
        let record: HistoryRecord = type == .roundCommit
            ? .commit(try RoundCommit.read(from: &bodyReader, limits: limits))
            : .dense(try DenseCommit.read(from: &bodyReader, limits: limits))
        guard bodyReader.remaining == 0 else { throw .trailingBytes(count: bodyReader.remaining) }
        return record
    }
}
