/// Any SeedFL message: the unit that is encoded into, and decoded from, one frame.
public enum Message: Sendable, Equatable, Hashable {
    /// HELLO: a trainer announces itself to the broker.
    case hello(Hello)
    /// HEARTBEAT: liveness and the sender's view of the run.
    case heartbeat(Heartbeat)
    /// ROUND_OPEN: the broker starts a round.
    case roundOpen(RoundOpen)
    /// ROUND_ABORT: the broker ends a round without an update.
    case roundAbort(RoundAbort)
    /// CONTRIBUTION: a trainer's K*P scalars for a round.
    case contribution(Contribution)
    /// AGGREGATE: an aggregator's combined result or partial sums (seed scalars or dense).
    case aggregate(Aggregate)
    /// ROUND_COMMIT: a durably committed round, sequence-numbered.
    case roundCommit(RoundCommit)
    /// HISTORY_REQUEST: a trainer asks for missed commits.
    case historyRequest(HistoryRequest)
    /// HISTORY_CHUNK: the broker replays missed commits (ROUND_COMMIT or DENSE_COMMIT records).
    case historyChunk(HistoryChunk)
    /// DENSE_CONTRIBUTION: a dense baseline trainer's full delta.
    case denseContribution(DenseContribution)
    /// DENSE_COMMIT: a dense baseline's committed delta or model.
    case denseCommit(DenseCommit)
    /// SNAPSHOT_REQUEST: a lagging trainer asks for a piece of a model snapshot.
    case snapshotRequest(SnapshotRequest)
    /// SNAPSHOT_CHUNK: the broker sends a piece of a model snapshot (or "none").
    case snapshotChunk(SnapshotChunk)

    /// The type byte this message is framed with.
    public var type: MessageType { body.messageTypeOfValue }

    /// The exact number of bytes ``encode()`` produces, computed without encoding. This is
    /// what the simulator reports as uplink/downlink traffic.
    public var encodedSize: Int { body.encodedSize }

    /// Encodes the message into one frame: header then fields, as in `docs/protocol.md`.
    ///
    /// Encoding does not validate; a message that breaks a protocol rule (say K*P
    /// mismatching its scalars) encodes and is then refused by the receiver. Call the
    /// payload's `validate(limits:)` first to catch such a bug locally.
    public func encode() -> [UInt8] {
        let body = self.body
        var writer = ByteWriter(capacity: body.encodedSize)
        writer.write(WireFormat.magic.0)
        writer.write(WireFormat.magic.1)
        writer.write(WireFormat.version)
        writer.write(body.messageTypeOfValue.rawValue)
        body.write(to: &writer)
        return writer.bytes
    }

    /// The frame to send to a receiver bound to the same run: the brief form when the
    /// message has one and agrees with `binding` (``BriefCodec``), the full form otherwise.
    public func encode(binding: RunBinding?) -> [UInt8] {
        binding.flatMap { BriefCodec.encode(self, binding: $0) } ?? encode()
    }

    /// Checks the payload's protocol rules (see each payload's `validate(limits:)`).
    public func validate(limits: DecodeLimits = .default) throws(WireError) {
        try body.validate(limits: limits)
    }

    /// Decodes and validates one frame. Never traps and never reads outside `frame`; any
    /// malformed, oversized or invalid input throws a ``WireError`` naming what failed.
    ///
    /// Checks, in order: frame size against ``DecodeLimits/maxFrameBytes``; length of the
    /// header; magic; version; message type; each field (truncation, count limits before
    /// allocation, enum values); no trailing bytes; then the message's protocol rules.
    public static func decode(_ frame: UnsafeRawBufferPointer, limits: DecodeLimits = .default) throws(WireError) -> Message {
        guard frame.count <= limits.maxFrameBytes else {
            throw .frameTooLarge(size: frame.count, limit: limits.maxFrameBytes)
        }
        var reader = ByteReader(frame)
        // Read the header as one 4-byte unit so that any frame shorter than a header is
        // reported as truncated rather than by whichever byte happens to be present. The
        // value is the little-endian reading of bytes 0...3, so byte 0 is its low byte.
        let header = try reader.read(UInt32.self)
        let magic = (UInt8(truncatingIfNeeded: header), UInt8(truncatingIfNeeded: header >> 8))
        guard magic == WireFormat.magic else { throw .badMagic(found: magic) }
        let version = UInt8(truncatingIfNeeded: header >> 16)
        guard version == WireFormat.version else { throw .unsupportedVersion(found: version) }
        let typeByte = UInt8(truncatingIfNeeded: header >> 24)
        guard let type = MessageType(rawValue: typeByte) else { throw .unknownType(found: typeByte) }

        let message: Message
        switch type {
        case .hello: message = .hello(try Hello.read(from: &reader, limits: limits))
        case .heartbeat: message = .heartbeat(try Heartbeat.read(from: &reader, limits: limits))
        case .roundOpen: message = .roundOpen(try RoundOpen.read(from: &reader, limits: limits))
        case .roundAbort: message = .roundAbort(try RoundAbort.read(from: &reader, limits: limits))
        case .contribution: message = .contribution(try Contribution.read(from: &reader, limits: limits))
        case .aggregate: message = .aggregate(try Aggregate.read(from: &reader, limits: limits))
        case .roundCommit: message = .roundCommit(try RoundCommit.read(from: &reader, limits: limits))
        case .historyRequest: message = .historyRequest(try HistoryRequest.read(from: &reader, limits: limits))
        case .historyChunk: message = .historyChunk(try HistoryChunk.read(from: &reader, limits: limits))
        case .denseContribution: message = .denseContribution(try DenseContribution.read(from: &reader, limits: limits))
        case .denseCommit: message = .denseCommit(try DenseCommit.read(from: &reader, limits: limits))
        case .snapshotRequest: message = .snapshotRequest(try SnapshotRequest.read(from: &reader, limits: limits))
        case .snapshotChunk: message = .snapshotChunk(try SnapshotChunk.read(from: &reader, limits: limits))
        case .roundOpenBrief, .roundCommitBrief, .contributionBrief:
            message = try BriefCodec.read(type, from: &reader, limits: limits)
        }
        guard reader.remaining == 0 else { throw .trailingBytes(count: reader.remaining) }
        try message.validate(limits: limits)
        return message
    }

    /// Decodes and validates one frame held in an array; see
    /// ``decode(_:limits:)``.
    public static func decode(_ frame: [UInt8], limits: DecodeLimits = .default) throws(WireError) -> Message {
        // `withUnsafeBytes` is `rethrows`, which erases the typed error; carry it out as a Result.
        let result: Result<Message, WireError> = frame.withUnsafeBytes { buffer in
            do throws(WireError) {
                return .success(try decode(buffer, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes and validates one frame held in any byte collection (`ArraySlice<UInt8>`,
    /// Foundation's `Data`, ...). Contiguous collections are read in place; others are copied
    /// once, after the frame-size check so an oversized frame is not copied.
    public static func decode<Frame: Collection<UInt8>>(_ frame: Frame, limits: DecodeLimits = .default) throws(WireError) -> Message {
        guard frame.count <= limits.maxFrameBytes else {
            throw .frameTooLarge(size: frame.count, limit: limits.maxFrameBytes)
        }
        let contiguous: Result<Message, WireError>? = frame.withContiguousStorageIfAvailable { elements in
            do throws(WireError) {
                return .success(try decode(UnsafeRawBufferPointer(elements), limits: limits))
            } catch {
                return .failure(error)
            }
        }
        if let contiguous { return try contiguous.get() }
        return try decode(Array(frame), limits: limits)
    }

    /// The payload, seen through the framing protocol.
    private var body: any WireBody {
        switch self {
        case let .hello(value): value
        case let .heartbeat(value): value
        case let .roundOpen(value): value
        case let .roundAbort(value): value
        case let .contribution(value): value
        case let .aggregate(value): value
        case let .roundCommit(value): value
        case let .historyRequest(value): value
        case let .historyChunk(value): value
        case let .denseContribution(value): value
        case let .denseCommit(value): value
        case let .snapshotRequest(value): value
        case let .snapshotChunk(value): value
        }
    }
}

extension WireBody {
    /// The type byte of a payload held as `any WireBody`.
    var messageTypeOfValue: MessageType { Self.messageType }
}
