import Foundation
import SeedFLNode
import SeedFLWire
import XCTest
import ZeroMQ

/// A plaintext run attacked the way an outside test once succeeded: read each ROUND_OPEN off
/// the public broadcast and push contributions for the next round, for every trainer, before
/// the real trainers can. The aggregator cannot tell them apart (no keys), so it may count
/// them, but the broker checks each contribution's process nonce against the trainers' HELLOs
/// and commits none of them.
final class ForgedContributionTests: XCTestCase {
    func testForgedEarlyContributionsNeverReachTheLedger() throws {
        let home = try ProcessHarness.runDirectory("forge")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = home + "/run"
        let rounds = 300
        let up = try ProcessHarness.startRun(ProcessHarness.topology("smoke.yaml"), run: run, rounds: rounds,
                                             log: home + "/up.log")
        defer { ProcessHarness.stop([up]) }

        let context = try Context()
        defer { context.terminate() }
        let listener = try Subscriber(context: context, options: SocketOptions(linger: .zero, receiveTimeout: .milliseconds(100)))
        try listener.subscribe("")
        try listener.connect("ipc://\(run)/pub")
        let pusher = try Pusher(context: context, options: SocketOptions(linger: .zero))
        try pusher.connect("ipc://\(run)/contrib")
        defer {
            try? listener.close(linger: .zero)
            try? pusher.close(linger: .zero)
        }
        // The topology is no secret: the attacker binds its decoder to the run as a trainer would.
        let topology = try TopologyFile.load(path: ProcessHarness.topology("smoke.yaml"))
        let limits = topology.run.wireLimits(dimension: 0, deployment: topology.deployment)
        let forged: [Float] = [9, 9, 9, 9, 9]
        var attacked = 0
        for _ in 0..<300 where attacked < 5 && up.isRunning {
            guard case .message(let frames) = try listener.receive(), let frame = frames.first,
                  case .roundOpen(let open)? = try? Message.decode(frame, limits: limits) else { continue }
            for id in UInt32(0)..<4 {
                let contribution = Contribution(runID: open.runID, round: open.round + 1, baseSequence: open.baseSequence + 1,
                                                trainerID: id, nonce: 0xBAD, k: open.k, p: open.p, scalars: forged,
                                                baseLoss: 0.1, exampleCount: 32)
                _ = try pusher.send(frame: Message.contribution(contribution).encode(), dontWait: true)
            }
            attacked += 1
        }
        XCTAssertEqual(attacked, 5, "the attacker saw five rounds open")

        XCTAssert(ProcessHarness.wait(timeout: 300) { !up.isRunning }, "run did not finish: see \(home)/up.log")
        up.waitUntilExit()
        XCTAssertEqual(up.terminationStatus, 0, "see \(home)/up.log")
        let drops = ProcessHarness.status(run, "broker")?["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThan(drops["wrong-nonce"] ?? 0, 0, "some forged contribution reached an aggregate: \(drops)")
        let export = try ProcessHarness.run(["ledger", "export", "--run", run])
        XCTAssertEqual(export.status, 0, export.stderr)
        let committed = export.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        XCTAssertEqual(committed.count, rounds)
        for round in committed {
            let scalars = (round["scalars"] as? [Double] ?? []).map(Float.init)
            XCTAssertNotEqual(scalars, forged, "round \(round["round"] ?? "?") committed the forged scalars")
            // A mean with a forged 9 among two contributions would be at least 4.5 somewhere.
            XCTAssertLessThan(scalars.map(abs).max() ?? 0, 4, "round \(round["round"] ?? "?")")
        }
    }
}
