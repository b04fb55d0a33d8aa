import ArgumentParser
import Foundation
import SeedFLNode

/// `seedfl simulate [TOPOLOGY.yaml] [flags]`: the whole run in one process.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run M trainers, m sampled per round, for R rounds in one process (same code paths as the distributed roles).")

    @Argument(help: "Topology file whose run: section is used (flags override it).") var topology: String?
    @OptionGroup var overrides: RunOverrides
    @OptionGroup var byzantine: ByzantineOption
    @Flag(help: "End with one JSON object describing the run.") var json = false
    @Option(name: .customLong("progress-every"), help: "Print a progress line every n rounds.") var progressEvery = 10
    @Flag(name: .customLong("skip-test"), help: "Never score the test split (for tuning on the validation split).")
    var skipTest = false

    func run() throws {
        let file = try topology.map { try TopologyFile.load(path: $0) }
        let config = try overrides.apply(to: file?.run ?? RunConfig())
        let attack = try byzantine.plan(clients: config.clients) ?? file?.byzantine ?? .none
        var prepared = try ModelFactory.prepare(config)
        if skipTest { prepared.testExamples = [] }
        let log: (String) -> Void = { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        log("simulate: \(config.algorithm.rawValue), \(prepared.summary), M=\(config.clients) m=\(config.sample) "
            + "R=\(config.rounds) K=\(config.zo.steps) P=\(config.zo.perturbations) lr=\(config.zo.learningRate) "
            + "mu=\(config.zo.mu) \(config.zo.estimator.rawValue)")
        if !attack.isEmpty { log("simulate: BYZANTINE trainers (test switch): \(attack)") }
        var simulator = Simulator(run: config, prepared: prepared, byzantine: attack, progressEvery: progressEvery,
                                  progress: log)
        let report = try simulator.simulate()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.summary(report))
        }
    }

    static func summary(_ r: SimulationReport) -> String {
        var lines = [
            "\(r.algorithm): \(r.rounds) rounds, d = \(r.parameters)",
            String(format: "test loss %.4f -> %.4f", r.initialLoss, r.finalLoss),
        ]
        if let a = r.initialAccuracy, let b = r.finalAccuracy {
            lines.append(String(format: "test accuracy %.3f -> %.3f", a, b))
        }
        lines.append("per round: \(r.uplinkBytesPerParticipantPerRound) B up per participant, "
                     + "\(r.downlinkBytesPerTrainerPerRound) B down per trainer")
        lines.append("whole run per client: \(ByteCount.format(r.uplinkBytesPerClient)) up, "
                     + "\(ByteCount.format(r.downlinkBytesPerClient)) down")
        lines.append("fingerprint \(r.fingerprint)")
        return lines.joined(separator: "\n")
    }
}
