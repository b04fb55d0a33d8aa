/// HISTORY_REQUEST (trainer -> broker, DEALER -> ROUTER): "send me the commits after
/// `afterSequence`", answered by one or more HISTORY_CHUNKs.
///
/// Layout (24 bytes): header, `runID` u64 @4, `afterSequence` u64 @12, `maxRecords` u32 @20.
public struct HistoryRequest: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// Exclusive lower bound: the first record wanted has sequence `afterSequence + 1`.
    public var afterSequence: UInt64
    /// The most records the trainer wants in one chunk (>= 1). It is a ceiling the broker
    /// clamps to its own chunk size, not a count of anything in this frame, so it is not
    /// checked against ``DecodeLimits/maxHistoryRecords``.
    public var maxRecords: UInt32

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, afterSequence: UInt64, maxRecords: UInt32) {
        self.runID = runID
        self.afterSequence = afterSequence
        self.maxRecords = maxRecords
    }

    /// Every HISTORY_REQUEST frame is 24 bytes.
    public static let encodedSize = WireFormat.headerSize + 20

    /// Checks that `maxRecords >= 1` (a request for nothing is a bug).
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        guard maxRecords >= 1 else {
            throw .invalidValue(field: "HistoryRequest.maxRecords", reason: "must be at least 1, got 0")
        }
    }
}

extension HistoryRequest: WireBody {
    static var messageType: MessageType { .historyRequest }
    /// The frame size, header included (the same for every value of this type).
    public var encodedSize: Int { Self.encodedSize }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(afterSequence)
        writer.write(maxRecords)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> HistoryRequest {
        HistoryRequest(runID: try reader.read(UInt64.self), afterSequence: try reader.read(UInt64.self),
                       maxRecords: try reader.read(UInt32.self))
    }
}
