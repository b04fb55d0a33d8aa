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
}
