/// ROUND_ABORT (broker PUB): the round ends without changing any model.
///
/// Layout (21 bytes): header, `runID` u64 @4, `round` u64 @12, `reason` u8 @20.
public struct RoundAbort: Sendable, Equatable, Hashable {
    /// The run.
    public var runID: UInt64
    /// The aborted round.
    public var round: UInt64
    /// Why it was aborted.
    public var reason: AbortReason

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(runID: UInt64, round: UInt64, reason: AbortReason) {
        self.runID = runID
        self.round = round
        self.reason = reason
    }

    /// Every ROUND_ABORT frame is 21 bytes.
    public static let encodedSize = WireFormat.headerSize + 17

    /// ROUND_ABORT has no field constraints beyond its layout (the reason is checked while
    /// reading); present for uniformity.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {}
}

extension RoundAbort: WireBody {
    static var messageType: MessageType { .roundAbort }
    /// The frame size, header included (the same for every value of this type).
    public var encodedSize: Int { Self.encodedSize }

    func write(to writer: inout ByteWriter) {
        writer.write(runID)
        writer.write(round)
        writer.write(enum: reason)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> RoundAbort {
        RoundAbort(runID: try reader.read(UInt64.self), round: try reader.read(UInt64.self),
                   reason: try reader.read(enum: AbortReason.self, field: "RoundAbort.reason"))
    }
}
