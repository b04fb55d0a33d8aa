import Foundation
import SeedFLCore
import SeedFLStore
@testable import SeedFLNode

/// Thread-safe line collector for a supervisor's output sink.
final class LauncherLineCollector: @unchecked Sendable {
    // @unchecked: every access to `stored` goes through `lock`.
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var sink: @Sendable (String) -> Void { { [self] line in append(line) } }
}

enum LauncherFixtures {
    /// A fresh empty directory under the temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "seedfl-launcher-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small synthetic run: no data files needed, fast to simulate and replay.
    static func topologyText(seed: UInt64 = 5, rounds: Int = 6, deployment: String = "") -> String {
        """
        name: launcher-test
        run:
          algorithm: decomfl
          clients: 3
          sample: 2
          rounds: \(rounds)
          seed: \(seed)
          eval_every: 0
          model:
            kind: synthetic
            dimension: 48
            examples: 90
          data:
            partitioner: iid
          zo:
            local_steps: 2
            perturbations: 2
            lr: 0.01
            batch_size: 8
        \(deployment)
        """
    }

    static func writeTopology(_ text: String, in directory: String, name: String = "topology-source.yaml") throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Simulates `topology`'s run and stores its committed rounds (plus one aborted round)
    /// in a real ledger at `ledgerPath`.
    static func writeLedger(for topology: TopologyFile, at ledgerPath: String) throws -> (SimulationReport, [CommittedRound]) {
        var simulator = Simulator(run: topology.run, prepared: try ModelFactory.prepare(topology.run))
        let report = try simulator.simulate()
        let ledger = try Ledger(path: ledgerPath, run: RunIdentity(runID: topology.run.seed, configFingerprint: "launcher-test"))
        for round in simulator.ledger { try ledger.append(round) }
        try ledger.recordAbort(round: ledger.nextRound, reason: "deadline")
        ledger.close()
        return (report, simulator.ledger)
    }

    /// Writes a status file the way the roles do (JSON, renamed into place).
    static func writeStatus(_ object: [String: Any], role: String, statusDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: statusDirectory, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: statusDirectory + "/" + role + ".json"), options: .atomic)
    }
}
