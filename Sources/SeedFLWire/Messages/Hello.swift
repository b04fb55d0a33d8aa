/// HELLO (trainer -> broker, DEALER -> ROUTER): a trainer announces itself and says how far
/// it has applied the ledger, so the broker can mark it live and answer with history.
///
/// Layout (32 bytes): header, `trainerID` u32 @4, `runID` u64 @8,
/// `lastAppliedSequence` u64 @16, `nonce` u64 @24.
public struct Hello: Sendable, Equatable, Hashable {
    /// The trainer's id, unique within the run.
    public var trainerID: UInt32
    /// The run this trainer belongs to; frames of another run are dropped.
    public var runID: UInt64
    /// Sequence number of the last ROUND_COMMIT the trainer applied (0: none yet).
    public var lastAppliedSequence: UInt64
    /// A fresh random value per process start, so the broker can tell a restarted trainer
    /// from a duplicated frame.
    public var nonce: UInt64

    /// Creates the message from its fields as given; protocol rules are checked by
    /// `validate(limits:)` (and by the decoder), not here.
    public init(trainerID: UInt32, runID: UInt64, lastAppliedSequence: UInt64, nonce: UInt64) {
        self.trainerID = trainerID
        self.runID = runID
        self.lastAppliedSequence = lastAppliedSequence
        self.nonce = nonce
    }

    /// Every HELLO frame is 32 bytes.
    public static let encodedSize = WireFormat.headerSize + 28

    /// HELLO has no field constraints beyond its layout; present for uniformity.
    public func validate(limits: DecodeLimits = .default) throws(WireError) {}
}

extension Hello: WireBody {
    static var messageType: MessageType { .hello }
    /// The frame size, header included (the same for every value of this type).
    public var encodedSize: Int { Self.encodedSize }

    func write(to writer: inout ByteWriter) {
        writer.write(trainerID)
        writer.write(runID)
        writer.write(lastAppliedSequence)
        writer.write(nonce)
    }

    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Hello {
        Hello(trainerID: try reader.read(UInt32.self), runID: try reader.read(UInt64.self),
              lastAppliedSequence: try reader.read(UInt64.self), nonce: try reader.read(UInt64.self))
    }
}
