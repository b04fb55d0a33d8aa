import SeedFLCore
import SeedFLStore
import SeedFLNode

/// Rebuilds a run's model from its directory alone: the topology copy, the base model
/// and the ledger. This is the independent replay `verify` and `export` rely on.
public enum RunReplay {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// Which step failed: topology, model, ledger or replay.
        public var stage: String
        public var message: String
        public var description: String { "cannot replay (\(stage)): \(message)" }
    }

    /// Loads `<run>/topology.yaml`, checks it against the replay settings the ledger was
    /// stamped with (a topology edited after the run, or another base model file, would
    /// otherwise replay to a model nobody trained), and builds the base model.
    public static func prepare(runDirectory: String, blasThreads: Int? = nil) throws -> (TopologyFile, PreparedModel) {
        let directory = RunDirectory(runDirectory)
        let topology: TopologyFile
        do { topology = try TopologyFile.load(path: directory.topology) } catch {
            throw Failure(stage: "topology", message: "\(error)")
        }
        try checkReplaySettings(topology.run, ledger: directory.ledger)
        do { return (topology, try ModelFactory.prepare(topology.run, blasThreads: blasThreads)) } catch {
            throw Failure(stage: "model", message: "\(error)")
        }
    }

    /// Compares the ledger's stored replay settings (when it has any) with `run`'s.
    static func checkReplaySettings(_ run: RunConfig, ledger path: String) throws {
        let stored: String?
        do {
            let ledger = try Ledger(readOnlyAt: path)
            defer { ledger.close() }
            stored = try ledger.replaySettings()
        } catch {
            throw Failure(stage: "ledger", message: "\(error)")
        }
        guard let stored else { return }
        let expected: String
        do { expected = try ReplaySettings.of(run).json } catch {
            throw Failure(stage: "model", message: "\(error)")
        }
        guard stored == expected else {
            throw Failure(stage: "replay settings",
                          message: "the ledger was written with \(stored), but the run's topology gives \(expected)")
        }
    }

    /// Applies the committed rounds of `<run>/ledger.sqlite` to `state`, in pages, up to and
    /// including sequence `through` (nil: every round), calling `each` after every applied
    /// round. Returns the number of aborted rounds.
    @discardableResult
    public static func apply(ledgerOf runDirectory: String, to state: inout ReplayState, through: UInt64? = nil,
                             pageSize: Int = 256, each: (CommittedRound, ReplayState) -> Void = { _, _ in }) throws -> Int {
        let path = RunDirectory(runDirectory).ledger
        do {
            let ledger = try Ledger(readOnlyAt: path)
            defer { ledger.close() }
            let aborted = try ledger.abortedRounds().count
            var page = try ledger.rounds(after: state.appliedSequence, limit: pageSize)
            while !page.isEmpty {
                for round in page {
                    if let through, round.sequence > through { return aborted }
                    do { try state.apply(round) } catch {
                        throw Failure(stage: "replay", message: "sequence \(round.sequence): \(error)")
                    }
                    each(round, state)
                }
                page = try ledger.rounds(after: state.appliedSequence, limit: pageSize)
            }
            return aborted
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(stage: "ledger", message: "\(path): \(error)")
        }
    }
}
