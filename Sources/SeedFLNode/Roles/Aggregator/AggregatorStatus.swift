import Foundation

/// Bytes a role handed to and took from its sockets (ZeroMQ payload bytes, framing excluded).
public struct StatusWireBytes: Codable, Sendable, Equatable {
    /// Payload bytes handed to libzmq for sending.
    public var sent: UInt64
    /// Payload bytes taken from libzmq, refused frames included.
    public var received: UInt64

    /// Counts starting at `sent` and `received` (zero by default: nothing moved yet).
    public init(sent: UInt64 = 0, received: UInt64 = 0) {
        self.sent = sent
        self.received = received
    }
}

/// The aggregator's `status/aggregator-<name>.json`: what `seedfl up` and the chaos tests
/// read to know how far an aggregator got and what it refused.
public struct AggregatorStatus: Codable, Sendable, Equatable {
    /// `aggregator-<name>`.
    public var role: String
    /// The aggregator's name in the deployment.
    public var name: String
    /// The process id, so an operator can signal the process the file describes.
    public var pid: Int32
    /// True once the aggregator has seen the run's target number of commits (from
    /// ROUND_COMMIT / DENSE_COMMIT sequence numbers or broker heartbeats).
    public var done: Bool
    /// Refused messages by ``AggregatorDropReason`` raw value (plus `frame-count` and
    /// `malformed` from decoding).
    public var drops: [String: Int]
    /// Bytes over all four sockets (`wire_bytes`).
    public var wireBytes: StatusWireBytes
    /// Rounds whose aggregate was sent upstream.
    public var roundsClosed: Int
    /// Rounds that ended without an aggregate: deadline without quorum, ROUND_ABORT, or a
    /// newer ROUND_OPEN first.
    public var roundsGivenUp: Int
    /// Trainer contributions counted into a round (a partial counts its contributors).
    public var contributionsAccepted: Int
    /// Messages held because they arrived before their ROUND_OPEN.
    public var earlyHeld: Int
    /// The newest round announced (0: none yet).
    public var currentRound: UInt64
    /// The newest committed sequence seen on the broadcast.
    public var latestSequence: UInt64

    enum CodingKeys: String, CodingKey {
        case role, name, pid, done, drops
        case wireBytes = "wire_bytes"
        case roundsClosed = "rounds_closed"
        case roundsGivenUp = "rounds_given_up"
        case contributionsAccepted = "contributions_accepted"
        case earlyHeld = "early_held"
        case currentRound = "current_round"
        case latestSequence = "latest_sequence"
    }

    /// The file this status lives in under `runDirectory`.
    public static func path(runDirectory: String, name: String) -> String {
        "\(runDirectory)/status/aggregator-\(name).json"
    }

    /// Writes `self` as JSON to `path` atomically (temporary file, then rename), creating
    /// the directory, so a reader never sees half a file.
    public func write(to path: String) throws {
        try StatusFileJSON.write(self, to: path)
    }

    /// Reads a status file written by ``write(to:)``.
    public static func read(from path: String) throws -> AggregatorStatus {
        try JSONDecoder().decode(AggregatorStatus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Atomic JSON writing shared by the aggregator and forwarder status files.
enum StatusFileJSON {
    static func write<Value: Encodable>(_ value: Value, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // `.atomic` writes a temporary file in the same directory and renames it over `path`.
        try encoder.encode(value).write(to: url, options: .atomic)
    }
}
