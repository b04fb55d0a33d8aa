import Foundation
import SeedFLStore
import XCTest
@testable import SeedFLLauncher
@testable import SeedFLNode

final class LauncherRunDirectoryTests: XCTestCase {
    func testNewDirectoryIsCreatedWithTheTopologyCopy() throws {
        let root = try LauncherFixtures.temporaryDirectory("new")
        let text = LauncherFixtures.topologyText()
        let source = try LauncherFixtures.writeTopology(text, in: root)
        let directory = RunDirectory(root + "/run")
        let preparation = try directory.prepare(topologySource: source, topology: try TopologyFile.load(path: source),
                                                fresh: false)
        XCTAssertEqual(preparation, .new)
        for path in [directory.status, directory.logs, directory.checkpoints] {
            var isDirectory: ObjCBool = false
            XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue, path)
        }
        XCTAssertEqual(try String(contentsOfFile: directory.topology, encoding: .utf8), text)
    }

    func testSameRunResumesAndStaleStatusIsRemoved() throws {
        let root = try LauncherFixtures.temporaryDirectory("resume")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(rounds: 4), in: root)
        let topology = try TopologyFile.load(path: source)
        let directory = RunDirectory(root + "/run")
        XCTAssertEqual(try directory.prepare(topologySource: source, topology: topology, fresh: false), .new)
        let (_, rounds) = try LauncherFixtures.writeLedger(for: topology, at: directory.ledger)
        try LauncherFixtures.writeStatus(["role": "broker", "done": true], role: "broker",
                                         statusDirectory: directory.status)

        // More rounds is the same run: resume.
        let longer = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(rounds: 9), in: root, name: "longer.yaml")
        let preparation = try directory.prepare(topologySource: longer, topology: try TopologyFile.load(path: longer),
                                                fresh: false)
        XCTAssertEqual(preparation, .resumed(latestSequence: UInt64(rounds.count)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.status), [])
        XCTAssertTrue(RunStatus.read(directory: directory.status).roles.isEmpty)
    }

    func testLedgerOfAnotherRunIsRefusedUnlessFresh() throws {
        let root = try LauncherFixtures.temporaryDirectory("foreign")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(seed: 5), in: root)
        let topology = try TopologyFile.load(path: source)
        let directory = RunDirectory(root + "/run")
        _ = try directory.prepare(topologySource: source, topology: topology, fresh: false)
        _ = try LauncherFixtures.writeLedger(for: topology, at: directory.ledger)

        let other = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(seed: 6), in: root, name: "other.yaml")
        let otherTopology = try TopologyFile.load(path: other)
        XCTAssertThrowsError(try directory.prepare(topologySource: other, topology: otherTopology, fresh: false)) { error in
            XCTAssertEqual((error as? LauncherError)?.code, .foreignRun)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.ledger), "a refusal deletes nothing")

        XCTAssertEqual(try directory.prepare(topologySource: other, topology: otherTopology, fresh: true), .new)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.ledger))
        XCTAssertEqual(try TopologyFile.load(path: directory.topology).run.seed, 6)
    }

    func testLedgerWithoutTopologyIsRefused() throws {
        let root = try LauncherFixtures.temporaryDirectory("orphan")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(), in: root)
        let topology = try TopologyFile.load(path: source)
        let directory = RunDirectory(root + "/run")
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        _ = try LauncherFixtures.writeLedger(for: topology, at: directory.ledger)
        XCTAssertThrowsError(try directory.prepare(topologySource: source, topology: topology, fresh: false)) { error in
            XCTAssertEqual((error as? LauncherError)?.code, .foreignRun)
        }
    }

    func testFreshDeletesOnlyTheRunsOwnFiles() throws {
        let root = try LauncherFixtures.temporaryDirectory("clear")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(), in: root)
        let directory = RunDirectory(root)
        _ = try directory.prepare(topologySource: source, topology: try TopologyFile.load(path: source), fresh: false)
        try "keep".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        try directory.clear()
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: root)), ["notes.txt", "topology-source.yaml"])
    }

    func testPlanStartsRolesInOrderWithTheirArguments() throws {
        let deployment = """
        deployment:
          forwarder: {}
          aggregators:
            - name: root
            - name: edge
              upstream: root
              trainers: [0, 1, 2]
        """
        let root = try LauncherFixtures.temporaryDirectory("plan")
        let source = try LauncherFixtures.writeTopology(LauncherFixtures.topologyText(deployment: deployment), in: root)
        let topology = try TopologyFile.load(path: source)
        let commands = LaunchPlan.commands(deployment: topology.deployment, clients: topology.run.clients,
                                           executable: "/opt/seedfl", topology: "/r/topology.yaml", runDirectory: "/r",
                                           rounds: 7)
        XCTAssertEqual(commands.map(\.name), ["broker", "forwarder", "aggregator-root", "aggregator-edge",
                                              "trainer-0", "trainer-1", "trainer-2"])
        XCTAssertEqual(commands.map(\.isExpendable), [false, false, false, false, true, true, true])
        XCTAssertTrue(commands.allSatisfy { $0.executable == "/opt/seedfl" })
        let common = ["--topology", "/r/topology.yaml", "--run-dir", "/r", "--rounds", "7"]
        XCTAssertEqual(commands[0].arguments, ["broker"] + common)
        XCTAssertEqual(commands[1].arguments, ["forwarder", "--topology", "/r/topology.yaml", "--run-dir", "/r"],
                       "the forwarder counts no rounds")
        XCTAssertEqual(commands[3].arguments, ["aggregator"] + common + ["--name", "edge"])
        XCTAssertEqual(commands[6].arguments, ["trainer"] + common + ["--id", "2"])
        let noRounds = LaunchPlan.commands(deployment: topology.deployment, clients: 1, executable: "/x",
                                           topology: "t", runDirectory: "d", rounds: nil)
        XCTAssertFalse(noRounds.contains { $0.arguments.contains("--rounds") })

        // `--wrap`: the wrapper gets the role name, then the program and its arguments.
        let wrapped = LaunchPlan.wrapped(commands, in: "/lab/exec.sh")
        XCTAssertTrue(wrapped.allSatisfy { $0.executable == "/lab/exec.sh" })
        XCTAssertEqual(wrapped[6].arguments, ["trainer-2", "/opt/seedfl", "trainer"] + common + ["--id", "2"])
        XCTAssertEqual(wrapped.map(\.name), commands.map(\.name))
        XCTAssertEqual(wrapped.map(\.isExpendable), commands.map(\.isExpendable))
        XCTAssertEqual(LaunchPlan.wrapped(commands, in: nil), commands)
    }
}
