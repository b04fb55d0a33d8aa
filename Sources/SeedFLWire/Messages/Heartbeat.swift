/// HEARTBEAT (any role): proof of life plus the sender's view of the run, sent when idle.
///
/// Layout (41 bytes): header, `role` u8 @4, `senderID` u32 @5, `runID` u64 @9,
/// `latestSequence` u64 @17, `round` u64 @25, `unixTimeMilliseconds` u64 @33.
public struct Heartbeat: Sendable, Equatable, Hashable {
    /// Which kind of node sent it.
    public var role: SenderRole
    /// The sender's id within its role.
    public var senderID: UInt32
    /// The run the sender belongs to.
    public var runID: UInt64
    /// The latest committed sequence number the sender knows (0: none).
    public var latestSequence: UInt64
    /// The round the sender is currently in.
    public var round: UInt64
    /// The sender's wall clock in milliseconds since the Unix epoch (for liveness and
    /// clock-skew diagnostics, never for ordering).
    public var unixTimeMilliseconds: UInt64

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(role: SenderRole, senderID: UInt32, runID: UInt64, latestSequence: UInt64,
                round: UInt64, unixTimeMilliseconds: UInt64) {
        self.role = role
        self.senderID = senderID
        self.runID = runID
        self.latestSequence = latestSequence
        self.round = round
        self.unixTimeMilliseconds = unixTimeMilliseconds
    }

    /// Every HEARTBEAT frame is 41 bytes.
    public static let encodedSize = WireFormat.headerSize + 37

    /// HEARTBEAT has no field constraints beyond its layout (the role is checked while
    /// reading); present for uniformity.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {}
}

extension Heartbeat: WireBody {
    static var messageType: MessageType { .heartbeat }
    /// The frame size, header included (the same for every value of this type).
    public var encodedSize: Int { Self.encodedSize }

    func write(to writer: inout ByteWriter) {
        writer.write(enum: role)
        writer.write(senderID)
        writer.write(runID)
        writer.write(latestSequence)
        writer.write(round)
        writer.write(unixTimeMilliseconds)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Heartbeat {
        Heartbeat(role: try reader.read(enum: SenderRole.self, field: "Heartbeat.role"),
                  senderID: try reader.read(UInt32.self), runID: try reader.read(UInt64.self),
                  latestSequence: try reader.read(UInt64.self), round: try reader.read(UInt64.self),
                  unixTimeMilliseconds: try reader.read(UInt64.self))
    }
}
