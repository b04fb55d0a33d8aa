import Foundation
import ZeroMQ

/// Bytes a role's sockets sent and received (ZeroMQ payload bytes, as the sockets count them).
public struct WireBytes: Codable, Sendable, Hashable {
    /// Bytes handed to libzmq for sending.
    public var sent: Int
    /// Bytes taken from libzmq, refused frames included.
    public var received: Int
    /// Trainer: the part of `received` that came over the broadcast.
    public var broadcastReceived: Int?

    /// Counters with the given values (zero by default).
    public init(sent: Int = 0, received: Int = 0, broadcastReceived: Int? = nil) {
        self.sent = sent
        self.received = received
        self.broadcastReceived = broadcastReceived
    }

    /// The payload bytes of `sockets` together (a role's sockets, as ``SocketCounters`` count them).
    init(summing sockets: [(name: String, counters: SocketCounters)]) {
        let total = sockets.reduce(SocketCounters()) { $0 + $1.counters }
        self.init(sent: Int(clamping: total.bytesSent), received: Int(clamping: total.bytesReceived))
    }

    enum CodingKeys: String, CodingKey {
        case sent, received, broadcastReceived = "broadcast_received"
    }
}

/// One `status/<role>.json` file: the one status type every role writes and every reader
/// (`seedfl up`, `verify`, `chaos`, tests, operators) decodes.
///
/// The common fields come first; every role-specific field is optional and left nil by the
/// roles it does not describe, so it is absent from their files. A file missing a field (a
/// partial or older writer) still decodes for what it does say.
public struct RoleStatus: Codable, Sendable, Hashable {
    /// `broker`, `aggregator-<name>`, `trainer-<id>`, `evaluator` or `forwarder`.
    public var role: String
    /// The process id, so an operator can signal the process the file describes.
    public var pid: Int?
    /// Where the process serves Prometheus metrics (`http://HOST:PORT/metrics`), when it does.
    public var metricsURL: String?
    /// Broker and aggregator: the target number of rounds is committed. Trainer, evaluator
    /// and forwarder: the process stopped cleanly.
    public var done: Bool?
    /// Refused messages by ``DropReason`` raw value.
    public var drops: [String: Int]?
    /// Bytes over all of the role's sockets.
    public var wireBytes: WireBytes?
    /// Forwarder: false, because `zmq_proxy_steerable` moves frames inside libzmq where the
    /// Swift counters never see them (its `wire_bytes` stay zero).
    public var wireBytesCounted: Bool?

    /// Broker: rounds in the ledger.
    public var roundsCommitted: Int?
    /// Broker: rounds aborted.
    public var roundsAborted: Int?
    /// Broker, aggregator, trainer: sequence number of the last committed round it knows of.
    public var latestSequence: UInt64?
    /// Broker: the round open now (0: none).
    public var openRound: UInt64?
    /// Broker: model snapshots this process stored in the ledger.
    public var snapshotsStored: Int?
    /// Broker: the newest snapshot's sequence (0: none).
    public var latestSnapshotSequence: UInt64?
    /// Server roles under `security:`: CURVE handshakes the ZAP handler refused (unknown
    /// key, or a key not allowed on that socket). A refused peer is otherwise invisible.
    public var handshakesRefused: Int?
    /// Aggregators under `run.screen_after`: contributions whose values the agreement screen
    /// left out, and the trainers it distrusts now (ids).
    public var contributionsScreened: Int?
    public var trainersDistrusted: [UInt32]?
    /// Broker: trainer deaths this process noticed (each is a line of `liveness.jsonl`).
    public var trainersMarkedDead: Int?
    /// Broker: why the ledger cannot be written right now (a full disk, an I/O error); nil
    /// while it can. No round opens while it is set; the broker retries and recovers on its own.
    public var storageError: String?
    /// Broker: how long the ledger has been unwritable, in seconds.
    public var storageErrorSeconds: Double?

    /// Aggregator: its name in the deployment.
    public var name: String?
    /// Aggregator: rounds whose aggregate it sent upstream.
    public var roundsClosed: Int?
    /// Aggregator: rounds that ended without an aggregate (deadline without quorum,
    /// ROUND_ABORT, or a newer ROUND_OPEN first).
    public var roundsGivenUp: Int?
    /// Aggregator: trainer contributions counted into a round.
    public var contributionsAccepted: Int?
    /// Aggregator: messages held because they arrived before their ROUND_OPEN.
    public var earlyHeld: Int?
    /// Aggregator: the newest round announced (0: none yet).
    public var currentRound: UInt64?

    /// Trainer: its id.
    public var id: Int?
    /// Trainer, evaluator: sequence number of the last round applied to its model.
    public var appliedSequence: UInt64?
    /// Trainer: the model's fingerprint at ``appliedSequence`` (docs/determinism.md, 11.4).
    public var fingerprint: String?
    /// Trainer: the round its worker is computing a contribution for (nil: none).
    public var computingRound: UInt64?
    /// Trainer: the last round it was sampled for (0: never).
    public var sampledRound: UInt64?
    /// Trainer: rounds it sent a contribution for.
    public var roundsContributed: Int?
    /// Trainer: CONTRIBUTION bytes it sent.
    public var contributionBytes: Int?
    /// Trainer: bytes of round-protocol frames received on the broadcast (no heartbeats).
    public var roundBytesReceived: Int?
    /// Trainer: time spent replaying history to catch up.
    public var catchUpSeconds: Double?
    /// Trainer: snapshots loaded as its replay state.
    public var snapshotsLoaded: Int?

    /// Evaluator: the last sequence it scored.
    public var evaluatedSequence: UInt64?
    /// Evaluator: validation accuracy at ``evaluatedSequence``.
    public var validationAccuracy: Double?

    /// A status of `role` for this process, with nothing else set.
    public init(role: String, pid: Int? = Int(ProcessInfo.processInfo.processIdentifier)) {
        self.role = role
        self.pid = pid
        self.metricsURL = MetricsExposure.url
    }

    enum CodingKeys: String, CodingKey {
        case role, pid, done, drops, metricsURL = "metrics_url"
        case wireBytes = "wire_bytes", wireBytesCounted = "wire_bytes_counted"
        case roundsCommitted = "rounds_committed", roundsAborted = "rounds_aborted"
        case latestSequence = "latest_sequence", openRound = "open_round"
        case snapshotsStored = "snapshots_stored", latestSnapshotSequence = "latest_snapshot_sequence"
        case trainersMarkedDead = "trainers_marked_dead", handshakesRefused = "handshakes_refused"
        case contributionsScreened = "contributions_screened", trainersDistrusted = "trainers_distrusted"
        case storageError = "storage_error", storageErrorSeconds = "storage_error_seconds"
        case name, roundsClosed = "rounds_closed", roundsGivenUp = "rounds_given_up"
        case contributionsAccepted = "contributions_accepted", earlyHeld = "early_held"
        case currentRound = "current_round"
        case id, appliedSequence = "applied_sequence", fingerprint, computingRound = "computing_round", sampledRound = "sampled_round"
        case roundsContributed = "rounds_contributed", contributionBytes = "contribution_bytes"
        case roundBytesReceived = "round_bytes_received", catchUpSeconds = "catch_up_seconds"
        case snapshotsLoaded = "snapshots_loaded"
        case evaluatedSequence = "evaluated_sequence", validationAccuracy = "validation_accuracy"
    }

    /// `<runDirectory>/status/<role>.json`.
    public static func path(runDirectory: String, role: String) -> String {
        "\(runDirectory)/status/\(role).json"
    }

    /// Writes the status as JSON to `path`, creating its directory, atomically (Foundation's
    /// `.atomic` writes a temporary file in the same directory and renames it), so a reader
    /// never sees half a file.
    ///
    /// When that fails (on a full disk the temporary file gets no space) the file is
    /// rewritten in place: truncating it frees its blocks for the new text, so the status can
    /// still say what is wrong (a reader that catches it half-written skips it once).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try Self.replace(path, with: encoder.encode(self))
    }

    /// Replaces the file at `path` with `data` as ``write(to:)`` describes (also the way a
    /// ``TrainerGroupStatus`` is written).
    static func replace(_ path: String, with data: Data) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            guard let handle = FileHandle(forWritingAtPath: path) else { throw error }
            defer { try? handle.close() }
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: data)
        }
    }

    /// Reads a file written by ``write(to:)``.
    public static func read(from path: String) throws -> RoleStatus {
        try JSONDecoder().decode(RoleStatus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
