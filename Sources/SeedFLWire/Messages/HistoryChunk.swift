/// HISTORY_CHUNK (broker -> trainer, ROUTER -> DEALER): a run of committed records the
/// trainer missed, oldest first. A trainer keeps requesting until it gets `isLast`.
///
/// Layout (25 + Σ records bytes): header, `runID` u64 @4, `latestSequence` u64 @12,
/// `isLast` u8 @20 (0 or 1), record count n u32 @21, then n records, each a 1-byte record
/// type, a `UInt32` length L and L bytes of body (see ``HistoryRecord``): a ROUND_COMMIT or
/// DENSE_COMMIT frame without its 4-byte header.
public struct HistoryChunk: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The broker's latest committed sequence number when it built the chunk.
    public var latestSequence: UInt64
    /// True when the records reach `latestSequence`: the trainer is caught up.
    public var isLast: Bool
    /// Committed rounds of this run (either kind), with strictly increasing sequence
    /// numbers, none above `latestSequence`; may be empty (nothing to replay).
    public var records: [HistoryRecord]

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, latestSequence: UInt64, isLast: Bool, records: [HistoryRecord]) {
        self.runID = runID
        self.latestSequence = latestSequence
        self.isLast = isLast
        self.records = records
    }

    /// Bytes of a HISTORY_CHUNK before its records.
    public static let fixedSize = WireFormat.headerSize + 21

    /// The size of a chunk of `recordCount` records whose standalone ROUND_COMMIT or
    /// DENSE_COMMIT frames are `recordFrameSize` bytes each; each record takes one byte more
    /// inside the chunk (saturating).
    public static func encodedSize(recordCount: Int, recordFrameSize: Int) -> Int {
        Saturating.size(fixedSize, (recordCount, HistoryRecord.encodedSize(frameSize: recordFrameSize)))
    }

    /// The frame size of this value, header included.
    public var encodedSize: Int {
        records.reduce(Self.fixedSize) { Saturating.add($0, $1.encodedSize) }
    }

    /// Checks at most `limits.maxHistoryRecords` records, each a valid ROUND_COMMIT or
    /// DENSE_COMMIT of this run, with sequence numbers (across both kinds) strictly
    /// increasing and at most `latestSequence`. Errors inside a record name it, e.g.
    /// `HistoryChunk.records[2].scalars[0]`.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try Validate.count(records.count, field: "HistoryChunk.records", minimum: 0, limit: limits.maxHistoryRecords)
        var previous: UInt64 = 0
        for (index, record) in records.enumerated() {
            let owner = "HistoryChunk.records[\(index)]"
            do {
                try record.validate(limits: limits)
            } catch {
                throw error.nested(under: owner)
            }
            guard record.runID == runID else {
                throw .invalidValue(field: owner + ".runID", reason: "record of run \(record.runID) in a chunk of run \(runID)")
            }
            guard record.sequence > previous else {
                throw .invalidValue(field: owner + ".sequence",
                                    reason: "sequence \(record.sequence) does not follow \(previous)")
            }
            guard record.sequence <= latestSequence else {
                throw .invalidValue(field: owner + ".sequence",
                                    reason: "sequence \(record.sequence) is beyond latestSequence \(latestSequence)")
            }
            previous = record.sequence
        }
    }
}

extension HistoryChunk: WireBody {
    static var messageType: MessageType { .historyChunk }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(latestSequence)
        writer.write(isLast)
        writer.writeCount(records.count)
        for record in records {
            record.write(to: &writer)
        }
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> HistoryChunk {
        let runID = try reader.read(UInt64.self)
        let latestSequence = try reader.read(UInt64.self)
        let isLast = try reader.readBool(field: "HistoryChunk.isLast")
        let count = try reader.readCount(field: "HistoryChunk.records", limit: limits.maxHistoryRecords,
                                         minimumElementSize: HistoryRecord.minimumEncodedSize)
        var records: [HistoryRecord] = []
        records.reserveCapacity(count)
        for index in 0 ..< count {
            do {
                records.append(try HistoryRecord.read(from: &reader, limits: limits))
            } catch {
                throw error.nested(under: "HistoryChunk.records[\(index)]")
            }
        }
        return HistoryChunk(runID: runID, latestSequence: latestSequence, isLast: isLast, records: records)
    }
}
