import Foundation

/// The files of one distributed run, under one directory (see the shared contracts):
/// `ledger.sqlite`, `topology.yaml`, `status/`, `logs/`, `checkpoints/`, `summary.json`.
public struct RunDirectory: Sendable, Hashable {
    /// The directory, as given (relative paths stay relative: children share our working directory).
    public let path: String

    /// The run directory at `path` (nothing is touched here; `seedfl up` prepares it).
    public init(_ path: String) { self.path = path }

    /// The broker's ledger.
    public var ledger: String { path + "/ledger.sqlite" }
    /// The copy of the topology every role of the run was started with.
    public var topology: String { path + "/topology.yaml" }
    /// The roles' `<role>.json` status files.
    public var status: String { path + "/status" }
    /// The `<role>.log` files `seedfl up` writes.
    public var logs: String { path + "/logs" }
    /// Trainer checkpoints.
    public var checkpoints: String { path + "/checkpoints" }
    /// The summary `seedfl up` writes at the end.
    public var summary: String { path + "/summary.json" }
    /// The evaluator's scores, one JSON line per evaluated sequence (``EvaluationRecord``).
    public var evaluations: String { path + "/evaluations.jsonl" }
    /// The committed rounds with the times the broker committed them (``RoundRecord``).
    public var rounds: String { path + "/rounds.jsonl" }
    /// `liveness.jsonl`: every trainer death the broker noticed (``LivenessRecord``).
    public var liveness: String { path + "/liveness.jsonl" }
    /// The page `seedfl report` writes.
    public var report: String { path + "/report.html" }
}
