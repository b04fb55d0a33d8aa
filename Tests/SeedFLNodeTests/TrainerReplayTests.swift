import Foundation
import SeedFLCore
import XCTest
@testable import SeedFLNode

/// The parts that keep a trainer's socket thread free while it replays: the bounded replay
/// backlog and the checkpoint writer.
final class TrainerReplayTests: XCTestCase {
    private func round(_ sequence: UInt64) -> CommittedRound {
        CommittedRound(sequence: sequence, round: sequence + 10, seed: sequence, steps: 1, perturbations: 1,
                       learningRate: 0.1, scalars: [0.5], contributors: [0], meanLoss: 1)
    }

    func testBacklogKeepsOrderRefusesBeyondCapacityAndIsReusable() {
        var backlog = ReplayBacklog(capacity: 3)
        XCTAssertTrue(backlog.isEmpty)
        for s in 1...3 { XCTAssertTrue(backlog.push(round(UInt64(s)))) }
        XCTAssertFalse(backlog.push(round(4)), "a peer cannot make it hold more than its capacity")
        XCTAssertEqual(backlog.pop()?.sequence, 1)
        XCTAssertTrue(backlog.push(round(4)), "room again once one is taken")
        XCTAssertEqual([backlog.pop(), backlog.pop(), backlog.pop()].map { $0?.sequence }, [2, 3, 4])
        XCTAssertNil(backlog.pop())
        XCTAssertTrue(backlog.isEmpty)
        for s in 5...7 { XCTAssertTrue(backlog.push(round(UInt64(s)))) }
        XCTAssertEqual(backlog.count, 3)
        XCTAssertEqual(backlog.pop()?.sequence, 5)
    }

    /// Writes coalesce to the newest state, and `flush` returns once it is on disk.
    func testCheckpointWriterLeavesTheNewestStateOnDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/trainer-0.ckpt"
        let writer = CheckpointWriter(runFingerprint: "run", path: path)
        var state = ReplayState(base: [Float](repeating: 0.25, count: 50_000), optimizer: .init(momentum: 0.5))
        for s in 1...20 {
            try state.apply(round(UInt64(s)), threads: 1)
            writer.write(state)
        }
        writer.flush()
        XCTAssertNil(writer.takeFailure())
        let back = try TrainerCheckpoint.read(from: path, runFingerprint: "run", dimension: 50_000, momentumLength: 50_000)
        XCTAssertEqual(back.sequence, 20)
        XCTAssertEqual(Fingerprint.of(back.parameters, state: back.momentum), state.fingerprint)
    }

    /// A write that fails is reported once, to be logged by the socket thread.
    func testCheckpointWriterReportsAFailure() {
        let writer = CheckpointWriter(runFingerprint: "run", path: "/proc/seedfl-cannot-write/here.ckpt")
        writer.write(ReplayState(base: [1, 2, 3], optimizer: .init()))
        writer.flush()
        XCTAssertNotNil(writer.takeFailure())
        XCTAssertNil(writer.takeFailure())
    }
}
