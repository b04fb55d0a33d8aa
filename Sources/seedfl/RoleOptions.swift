import ArgumentParser
import Foundation
import SeedFLNode

/// Options every distributed role takes: the topology, and overrides of its run
/// directory and round count (used by `seedfl up` so all children agree).
struct RoleOptions: ParsableArguments {
    @Option(help: "Topology file.") var topology: String
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDir: String?
    @Option(help: "Rounds to commit (overrides run.rounds).") var rounds: Int?

    /// The topology with overrides applied and `@RUN` resolved to an absolute run directory.
    func load() throws -> TopologyFile {
        var t = try TopologyFile.load(path: topology)
        if let rounds {
            guard rounds >= 0 else { throw ValidationError("--rounds must be >= 0") }
            t.run.rounds = rounds
        }
        let dir = URL(fileURLWithPath: runDir ?? t.deployment.runDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        t.deployment = t.deployment.resolved(runDirectory: dir)
        return t
    }
}
