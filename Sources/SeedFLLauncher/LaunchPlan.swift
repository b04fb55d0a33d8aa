import Foundation
import SeedFLNode

/// Which processes make up a run, in the order they are started: broker, forwarder,
/// aggregators, trainers. Order matters little to ZeroMQ (connects wait for binds) but
/// starting the ledger's owner first makes its errors (foreign ledger, bind failure) the
/// first thing the user sees.
public enum LaunchPlan {
    /// One ``ChildCommand`` per role of `deployment` with `clients` trainers (one process per
    /// trainer, or per `trainers_per_process` of them), each running
    /// `executable <role> --topology <topology> --run-dir <runDirectory> [--rounds R]`
    /// (the forwarder counts no rounds and gets no `--rounds`).
    ///
    /// With `byzantine`, every trainer gets `--byzantine <plan>` (overriding the topology's
    /// switch, `none` included). With `evaluator`, an evaluator follows the broadcast too (after the trainers; it is
    /// expendable like them: a run does not depend on being watched).
    public static func commands(deployment: Deployment, clients: Int, executable: String, topology: String,
                                runDirectory: String, rounds: Int?, evaluator: Bool = false,
                                byzantine: ByzantinePlan? = nil) -> [ChildCommand] {
        let location = ["--topology", topology, "--run-dir", runDirectory]
        var common = location
        if let rounds { common += ["--rounds", String(rounds)] }
        // The seed secret is the trainers' alone: the roles that handle only public seeds and
        // scalars do not even learn where it is.
        let serverSide: Set<String> = [SeedSecretFile.environmentVariable]
        var commands = [ChildCommand(name: "broker", executable: executable, arguments: ["broker"] + common,
                                     withheldEnvironment: serverSide)]
        if deployment.forwarder != nil {
            commands.append(ChildCommand(name: "forwarder", executable: executable, arguments: ["forwarder"] + location,
                                         withheldEnvironment: serverSide))
        }
        for aggregator in deployment.aggregators {
            commands.append(ChildCommand(name: "aggregator-\(aggregator.name)", executable: executable,
                                         arguments: ["aggregator"] + common + ["--name", aggregator.name],
                                         withheldEnvironment: serverSide))
        }
        let attack = byzantine.map { ["--byzantine", $0.description] } ?? []
        for ids in trainerGroups(clients: clients, perProcess: deployment.trainersPerProcess) {
            let (name, selection) = ids.count == 1 && deployment.trainersPerProcess == 1
                ? (trainerName(ids.lowerBound), ["--id", String(ids.lowerBound)])
                : (groupName(ids), ["--ids", TrainerIDs.format(ids)])
            commands.append(ChildCommand(name: name, executable: executable,
                                         arguments: ["trainer"] + common + selection + attack,
                                         isExpendable: true, trainers: Array(ids)))
        }
        if evaluator {
            commands.append(ChildCommand(name: evaluatorName, executable: executable,
                                         arguments: ["evaluator"] + common, isExpendable: true))
        }
        return commands
    }

    /// `commands` started through `wrapper` (see ``LaunchOptions/wrapper``): the wrapper gets
    /// the role name, then the original program and arguments.
    public static func wrapped(_ commands: [ChildCommand], in wrapper: String?) -> [ChildCommand] {
        guard let wrapper else { return commands }
        return commands.map { command in
            var wrapped = command
            wrapped.executable = wrapper
            wrapped.arguments = [command.name, command.executable] + command.arguments
            return wrapped
        }
    }

    /// The role name of the evaluator (its log and status file stem).
    public static let evaluatorName = "evaluator"

    /// The role name of trainer `id` (its log and status file stem).
    public static func trainerName(_ id: Int) -> String { "trainer-\(id)" }

    /// The name of the process running trainers `ids` together (its log file stem; each
    /// trainer still writes its own status file, `trainer-<id>.json`).
    public static func groupName(_ ids: Range<Int>) -> String { "trainers-\(TrainerIDs.format(ids))" }

    /// Trainer ids `0..<clients` cut into consecutive runs of `perProcess` (the last may be shorter).
    public static func trainerGroups(clients: Int, perProcess: Int) -> [Range<Int>] {
        stride(from: 0, to: clients, by: max(1, perProcess)).map { $0..<min(clients, $0 + max(1, perProcess)) }
    }

    /// The running `seedfl` binary (`/proc/self/exe`), so children are exactly the same
    /// build as the launcher; falls back to `argv[0]` resolved against the working directory.
    public static func currentExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let argv0 = CommandLine.arguments.first ?? "seedfl"
        return URL(fileURLWithPath: argv0).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
