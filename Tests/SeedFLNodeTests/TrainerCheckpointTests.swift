import XCTest
import SeedFLCore
@testable import SeedFLNode

final class TrainerCheckpointTests: XCTestCase {
    private func state() throws -> ReplayState {
        var s = ReplayState(base: (0..<1000).map { Float($0) * 0.5 }, optimizer: .init(momentum: 0.9))
        try s.apply(CommittedRound(sequence: 1, round: 3, seed: 9, steps: 1, perturbations: 2, learningRate: 0.1,
                                   scalars: [0.5, -1], contributors: [0], meanLoss: 1))
        return s
    }

    func testRoundTripKeepsEveryBit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ck-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try state()
        let path = dir + "/t.bin"
        try TrainerCheckpoint.write(s, runFingerprint: "abc", to: path)
        let c = try TrainerCheckpoint.read(from: path, runFingerprint: "abc", dimension: 1000, momentumLength: 1000)
        XCTAssertEqual(c.sequence, 1)
        XCTAssertEqual(Fingerprint.of(c.parameters, state: c.momentum), s.fingerprint)
    }

    func testForeignTornOrCorruptCheckpointsAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ck-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.bin"
        try TrainerCheckpoint.write(try state(), runFingerprint: "abc", to: path)
        XCTAssertThrowsError(try TrainerCheckpoint.read(from: path, runFingerprint: "other", dimension: 1000, momentumLength: 1000))
        XCTAssertThrowsError(try TrainerCheckpoint.read(from: path, runFingerprint: "abc", dimension: 999, momentumLength: 1000))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 7] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TrainerCheckpoint.read(from: path, runFingerprint: "abc", dimension: 1000, momentumLength: 1000))
        try bytes.prefix(500).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TrainerCheckpoint.read(from: path, runFingerprint: "abc", dimension: 1000, momentumLength: 1000))
    }

    /// The FedMeZO personalisation state beside the checkpoint: it round-trips, and a file
    /// of another run or trainer, an oversized or a damaged one is refused.
    func testPersonalizationFileRoundTripsAndRefusesForeignFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pf-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var state = PersonalizationState()
        state.contributed(round: 4, loss: 2, scalars: [1, -1], delta: nil)
        state.committed(CommittedRound(sequence: 1, round: 4, seed: 0, steps: 1, perturbations: 2, learningRate: 0.1,
                                       scalars: [0.5, 0.5], contributors: [3], meanLoss: 1), client: 3)
        state.contributed(round: 6, loss: 1.5, scalars: [0.25, 2], delta: nil)
        let path = PersonalizationFile.path(runDirectory: dir, trainer: 3)
        try PersonalizationFile.write(state, run: "abc", trainer: 3, to: path)
        XCTAssertEqual(try PersonalizationFile.read(from: path, run: "abc", trainer: 3, maxScalars: 2), state)
        XCTAssertThrowsError(try PersonalizationFile.read(from: path, run: "other", trainer: 3, maxScalars: 2))
        XCTAssertThrowsError(try PersonalizationFile.read(from: path, run: "abc", trainer: 2, maxScalars: 2))
        XCTAssertThrowsError(try PersonalizationFile.read(from: path, run: "abc", trainer: 3, maxScalars: 1))
        try Data("{\"run\":\"abc\",\"trainer\":3,\"state\":{\"loss_signals\":[2]}}".utf8)
            .write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PersonalizationFile.read(from: path, run: "abc", trainer: 3, maxScalars: 2))
        try Data(repeating: 0x20, count: 10_000).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PersonalizationFile.read(from: path, run: "abc", trainer: 3, maxScalars: 2))
    }
}
