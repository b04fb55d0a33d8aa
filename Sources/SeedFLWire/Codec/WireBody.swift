/// What every message struct provides to the framing code in ``Message``.
///
/// Reading is split from validation on purpose: `read` only parses (checking bounds, counts
/// against limits and enum values, so nothing is allocated or interpreted blindly), and
/// `validate(limits:)` checks the protocol rules. ``Message/decode(_:limits:)``
/// runs both, with the trailing-bytes check in between.
protocol WireBody: Sendable, Equatable {
    static var messageType: MessageType { get }
    /// Size of the frame this value encodes to, header included.
    var encodedSize: Int { get }
    /// Writes the fields after the header.
    func write(to writer: inout ByteWriter)
    /// Parses the fields after the header.
    static func read(from reader: inout ByteReader, limits: DecodeLimits) throws(WireError) -> Self
    func validate(limits: DecodeLimits) throws(WireError)
}

extension WireBody {
    /// Size of the fields after the header, which is also a nested history record's length.
    var bodySize: Int { encodedSize - WireFormat.headerSize }
}
