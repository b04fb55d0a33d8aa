import Foundation
import SeedFLNode
import SeedFLStore

/// Preparing a run directory for `seedfl up`: fresh start, resume, or refusal of another
/// run's ledger.
extension RunDirectory {
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
