import Foundation

/// The broker's `status/broker.json` (see the run-directory contract): what `seedfl up`
/// and operators read to know how far the run is and what was refused.
public struct BrokerStatus: Codable, Sendable, Equatable {
    /// Always `broker`.
    public var role = "broker"
    /// The broker's process id.
    public var pid: Int32
    /// True once the target number of rounds is committed.
    public var done: Bool
    /// Dropped messages by reason.
    public var drops: [String: Int]
    /// Payload bytes sent and received over all of the broker's sockets.
    public var wireBytes: WireBytes
    /// Committed rounds in the ledger (equal to the latest sequence number).
    public var roundsCommitted: UInt64
    /// Aborted rounds in the ledger.
    public var roundsAborted: Int
    /// The latest committed sequence number.
    public var latestSequence: UInt64
    /// The round currently open, 0 when none is.
    public var openRound: UInt64
    /// Model snapshots this broker process stored in the ledger (`snapshot_every`).
    public var snapshotsStored: Int
    /// Sequence number of the newest snapshot in the ledger, 0 when there is none.
    public var latestSnapshotSequence: UInt64
    /// Trainer deaths this broker process noticed (each is a line of `liveness.jsonl`).
    public var trainersMarkedDead: Int = 0

    /// Bytes on the wire, as counted by the sockets.
    public struct WireBytes: Codable, Sendable, Equatable {
        /// Payload bytes handed to libzmq for sending.
        public var sent: UInt64
        /// Payload bytes received (rejected oversized messages included).
        public var received: UInt64

        /// Creates the pair.
        public init(sent: UInt64, received: UInt64) {
            self.sent = sent
            self.received = received
        }
    }

    enum CodingKeys: String, CodingKey {
        case role, pid, done, drops
        case wireBytes = "wire_bytes"
        case roundsCommitted = "rounds_committed"
        case roundsAborted = "rounds_aborted"
        case latestSequence = "latest_sequence"
        case openRound = "open_round"
        case snapshotsStored = "snapshots_stored"
        case latestSnapshotSequence = "latest_snapshot_sequence"
        case trainersMarkedDead = "trainers_marked_dead"
    }

    /// Writes the status as JSON to `path` atomically (a temporary file in the same
    /// directory, then `rename`), so a reader never sees half a file.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(self)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a status file written by ``write(to:)``.
    public static func read(from path: String) throws -> BrokerStatus {
        try JSONDecoder().decode(BrokerStatus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
