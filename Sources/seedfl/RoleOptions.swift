import ArgumentParser
import Foundation
import SeedFLNode

/// Where a role finds its run: the topology file and, optionally, another run directory.
struct RoleLocation: ParsableArguments {
    @Option(help: "Topology file.") var topology: String
    @Option(name: .customLong("run-dir"), help: "Run directory (overrides deployment.run_dir).") var runDir: String?
    @Option(help: "This process's CURVE key folder (overrides security.keys and security.role_keys; needs a security: section).")
    var keys: String?
    @Option(help: ArgumentHelp("Serve Prometheus metrics on HOST:PORT (overrides the topology's metrics.listen for this role; port 0: any free port).",
                               valueName: "host:port"))
    var metrics: String?
    @OptionGroup var logging: LogOptions

    /// The topology with `@RUN` resolved to an absolute run directory (created if needed),
    /// and `rounds` overriding `run.rounds` when given.
    func load(rounds: Int? = nil) throws -> TopologyFile {
        try logging.apply()     // first: everything after this logs as asked
        var t = try TopologyFile.load(path: topology)
        if let rounds {
            guard rounds >= 0 else { throw ValidationError("--rounds must be >= 0 (got \(rounds))") }
            t.run.rounds = rounds
        }
        if let keys {
            guard var security = t.deployment.security else {
                throw ValidationError("--keys needs a topology with a security: section (\(topology) has none)")
            }
            for role in SecurityConfig.roles { security.roleKeys[role] = keys }
            t.deployment.security = security
        }
        let dir = URL(fileURLWithPath: runDir ?? t.deployment.runDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        t.deployment = t.deployment.resolved(runDirectory: dir)
        return t
    }
}

/// The options of the roles that count rounds (broker, aggregator, trainer): the run's
/// location plus `--rounds`, which `seedfl up` passes so every child agrees on the target.
struct RoleOptions: ParsableArguments {
    @OptionGroup var location: RoleLocation
    @Option(help: "Rounds to commit (overrides run.rounds).") var rounds: Int?

    func load() throws -> TopologyFile { try location.load(rounds: rounds) }
}
