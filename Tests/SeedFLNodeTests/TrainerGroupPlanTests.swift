import Foundation
import SeedFLLauncher
import SeedFLNode
import XCTest

/// Several trainers per process: the `--ids` syntax, the `trainers_per_process`, `status_ms`
/// and trainer-range keys, how `seedfl up` cuts trainers into processes, and how a group's
/// one status file reads as its members' own.
final class TrainerGroupPlanTests: XCTestCase {
    func testIDListsParseAndBadOnesNameTheProblem() throws {
        XCTAssertEqual(try TrainerIDs.parse("0-3", clients: 10), [0, 1, 2, 3])
        XCTAssertEqual(try TrainerIDs.parse("7,2-3,3", clients: 10), [2, 3, 7])
        XCTAssertEqual(try TrainerIDs.parse("9", clients: 10), [9])
        for (text, expected) in [("3-1", "is empty"), ("0-10", "not in 0..<10"), ("a", "not an id or a range"),
                                 ("", "not an id or a range"), ("1-2-3", "not an id or a range"), ("-1", "not an id")] {
            XCTAssertThrowsError(try TrainerIDs.parse(text, clients: 10), text) { error in
                XCTAssertEqual((error as? ConfigError)?.field, "--ids")
                XCTAssert("\(error)".contains(expected), "\(text): \(error)")
            }
        }
        XCTAssertEqual(TrainerIDs.format(0..<250), "0-249")
        XCTAssertEqual(TrainerIDs.format(7..<8), "7")
    }

    func testGroupsKeysParseWithDefaultsAndNamedErrors() throws {
        let base = "run:\n  clients: 6\n  sample: 2\n  model: { kind: synthetic, dimension: 8, examples: 16 }\n"
        let plain = try TopologyFile.parse(base, path: "plain.yaml").deployment
        XCTAssertEqual(plain.trainersPerProcess, 1)
        XCTAssertEqual(plain.statusMilliseconds, 200)
        let set = try TopologyFile.parse(base + """
            deployment:
              trainers_per_process: 4
              status_ms: 1000
              aggregators:
                - { name: root }
                - { name: a, upstream: root, trainers: [0-2] }
                - { name: b, upstream: root, trainers: [3, 4-5] }

            """, path: "set.yaml").deployment
        XCTAssertEqual(set.trainersPerProcess, 4)
        XCTAssertEqual(set.statusMilliseconds, 1000)
        XCTAssertEqual(set.aggregators.map(\.trainers), [[], [0, 1, 2], [3, 4, 5]])
        for (yaml, field) in [("deployment:\n  trainers_per_process: 0\n", "deployment.trainers_per_process"),
                              ("deployment:\n  status_ms: 5\n", "deployment.status_ms"),
                              ("deployment:\n  aggregators: [{ name: r, trainers: [0-6] }]\n", "deployment.aggregators[0].trainers"),
                              ("deployment:\n  aggregators: [{ name: r, trainers: [2-1] }]\n", "deployment.aggregators[0].trainers")] {
            XCTAssertThrowsError(try TopologyFile.parse(base + yaml, path: "bad.yaml"), yaml) { error in
                XCTAssertEqual((error as? ConfigError)?.field, field, "\(error)")
                XCTAssertEqual((error as? ConfigError)?.file, "bad.yaml")
            }
        }
    }

    func testUpRunsTrainersInGroupsOfTrainersPerProcess() throws {
        let root = try LauncherFixtures.temporaryDirectory("groups")
        let source = try LauncherFixtures.writeTopology(
            LauncherFixtures.topologyText(deployment: "deployment:\n  trainers_per_process: 2\n"), in: root)
        let topology = try TopologyFile.load(path: source)
        let commands = LaunchPlan.commands(deployment: topology.deployment, clients: 5, executable: "/opt/seedfl",
                                           topology: "/r/topology.yaml", runDirectory: "/r", rounds: nil)
        let trainers = commands.filter { !$0.trainers.isEmpty }
        XCTAssertEqual(trainers.map(\.name), ["trainers-0-1", "trainers-2-3", "trainers-4"])
        XCTAssertEqual(trainers.map(\.trainers), [[0, 1], [2, 3], [4]])
        XCTAssertEqual(trainers.map { Array($0.arguments.suffix(2)) }, [["--ids", "0-1"], ["--ids", "2-3"], ["--ids", "4"]])
        XCTAssert(trainers.allSatisfy(\.isExpendable))
        // One per process, as before, unless asked.
        let single = LaunchPlan.commands(deployment: Deployment.localIPC(runDirectory: "/r"), clients: 2, executable: "/x",
                                         topology: "t", runDirectory: "/r", rounds: nil).filter { !$0.trainers.isEmpty }
        XCTAssertEqual(single.map(\.name), ["trainer-0", "trainer-1"])
        XCTAssertEqual(single.map(\.trainers), [[0], [1]])
    }

    /// A group's file holds its members; the run's status lists them as `trainer-<id>`.
    func testAGroupStatusFileReadsAsItsMembers() throws {
        let root = try LauncherFixtures.temporaryDirectory("groupstatus")
        var members: [RoleStatus] = []
        for id in [4, 5] {
            var s = RoleStatus(role: "trainer-\(id)")
            s.id = id
            s.appliedSequence = 9
            members.append(s)
        }
        try TrainerGroupStatus(role: "trainers-4-5", trainers: members)
            .write(to: RoleStatus.path(runDirectory: root, role: "trainers-4-5"))
        var broker = RoleStatus(role: "broker")
        broker.done = true
        broker.latestSequence = 9
        try broker.write(to: RoleStatus.path(runDirectory: root, role: "broker"))
        let status = RunStatus.read(directory: root + "/status")
        XCTAssertEqual(Set(status.roles.keys), ["broker", "trainer-4", "trainer-5"])
        XCTAssertEqual(status.trainers[5]?.appliedSequence, 9)
        XCTAssertTrue(status.isComplete(trainers: [4, 5]))
        XCTAssertFalse(status.isComplete(trainers: [4, 5, 6]))
        XCTAssert(status.unreadable.isEmpty)
    }
}
