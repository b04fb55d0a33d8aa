import Foundation
import SeedFLStore

/// The files of one distributed run, under one directory (see the shared contracts):
/// `ledger.sqlite`, `topology.yaml`, `status/`, `logs/`, `checkpoints/`, `summary.json`.
public struct RunDirectory: Sendable, Hashable {
    /// The directory, as given (relative paths stay relative: children share our working directory).
    public let path: String

    /// The run directory at `path` (nothing is touched until ``prepare(topologySource:topology:fresh:)``).
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

    /// What ``prepare(topologySource:topology:fresh:)`` found.
    public enum Preparation: Sendable, Equatable {
        /// No ledger: the run starts from round 1.
        case new
        /// A ledger of this same run: the broker resumes after `latestSequence`.
        case resumed(latestSequence: UInt64)
    }

    /// Makes the directory ready for `topology`'s run.
    ///
    /// A directory whose ledger belongs to another run is refused (replaying one run's
    /// rounds on another's base model produces a model nobody trained) unless `fresh`,
    /// which first deletes the run's files (only those: the directory may hold other
    /// things). "Same run" means an equal `run:` section apart from `rounds`, so a finished
    /// run can be resumed with a larger `--rounds`. Status files of an earlier start are
    /// always removed: a stale `done` must not end the new start at once. Finally the
    /// topology file is copied to ``topology``.
    public func prepare(topologySource: String, topology: TopologyFile, fresh: Bool) throws -> Preparation {
        let files = FileManager.default
        if fresh { try clear() }
        var preparation = Preparation.new
        if files.fileExists(atPath: ledger) {
            try checkSameRun(topology)
            do {
                let existing = try Ledger(readOnlyAt: ledger)
                preparation = .resumed(latestSequence: existing.latestSequence)
                existing.close()
            } catch {
                throw LauncherError(.runDirectory, "cannot read the existing ledger \(ledger): \(error); "
                                    + "pass --fresh to delete it")
            }
        }
        do {
            for directory in [path, status, logs, checkpoints] {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for file in try files.contentsOfDirectory(atPath: status) {
                try files.removeItem(atPath: status + "/" + file)
            }
            try? files.removeItem(atPath: summary)
            let source = URL(fileURLWithPath: topologySource).standardizedFileURL.resolvingSymlinksInPath()
            let target = URL(fileURLWithPath: self.topology).standardizedFileURL.resolvingSymlinksInPath()
            if source != target {
                let text = try Data(contentsOf: source)
                try text.write(to: target, options: .atomic)
            }
        } catch let error as LauncherError {
            throw error
        } catch {
            throw LauncherError(.runDirectory, "cannot prepare run directory \(path): \(error.localizedDescription)")
        }
        return preparation
    }

    /// Deletes the run's own files (ledger with its WAL and lock, statuses, logs,
    /// checkpoints, topology copy, summary) and nothing else.
    public func clear() throws {
        let files = FileManager.default
        let owned = [ledger, ledger + "-wal", ledger + "-shm", ledger + "-journal", ledger + "-writer.lock",
                     ledger + "-open-round", topology, status, logs, checkpoints, summary, evaluations, rounds,
                     liveness, report]
        for item in owned where files.fileExists(atPath: item) {
            do {
                try files.removeItem(atPath: item)
            } catch {
                throw LauncherError(.runDirectory, "cannot delete \(item): \(error.localizedDescription)")
            }
        }
    }

    /// Throws `.foreignRun` unless the stored topology describes the same run.
    private func checkSameRun(_ topology: TopologyFile) throws {
        let stored: TopologyFile
        do {
            stored = try TopologyFile.load(path: self.topology)
        } catch {
            throw LauncherError(.foreignRun, "\(path) holds a ledger but no readable topology.yaml (\(error)), so "
                                + "it cannot be checked to belong to this run; pass --fresh to delete it or choose "
                                + "another --run-dir")
        }
        var mine = topology.run, theirs = stored.run
        mine.rounds = 0
        theirs.rounds = 0
        if mine != theirs {
            throw LauncherError(.foreignRun, "\(path) holds the ledger of another run (the run: section of its "
                                + "topology.yaml differs from \(topology.path)); pass --fresh to delete it or "
                                + "choose another --run-dir")
        }
    }
}
