import Foundation
import SeedFLCore
import SeedFLStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Kill -9 a real writer process at random moments and check that the ledger it leaves behind
/// is always consistent, complete up to every commit anyone observed, and resumable.
///
/// The writer is this same test binary, re-executed with a test filter that selects
/// `testCrashWriterChildProcess` and an environment variable naming the ledger file: SwiftPM
/// cannot add an executable target for tests, and swift-corelibs-xctest runs exactly the test
/// named by a `Module.Class/method` argument.
final class LedgerCrashTests: XCTestCase {
    static let ledgerPathVariable = "SEEDFL_LEDGER_CRASH_WRITER_PATH"

    /// Not a test on its own: the entry point of the writer process spawned by
    /// `testLedgerSurvivesSIGKILLOfItsWriter`. Appends rounds (with some aborts and multi-chunk
    /// snapshots) in a tight loop until it is killed.
    func testCrashWriterChildProcess() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.ledgerPathVariable] else {
            throw XCTSkip("child-process entry point of testLedgerSurvivesSIGKILLOfItsWriter; runs only when spawned by it")
        }
        let ledger = try Ledger(path: path, run: Fixtures.run)
        // Like a restarted broker: the snapshot due at the latest sequence may have been cut
        // off by the previous kill; take it now.
        if ledger.latestSequence % CrashFixture.snapshotInterval == 0, ledger.latestSequence > 0,
           try ledger.snapshotInfo(sequence: ledger.latestSequence) == nil {
            try ledger.putSnapshot(sequence: ledger.latestSequence, fingerprint: CrashFixture.fingerprint(ledger.latestSequence),
                                   bytes: CrashFixture.snapshot(ledger.latestSequence))
        }
        while true {
            let sequence = ledger.latestSequence + 1
            if sequence % 7 == 0 {
                try ledger.recordAbort(round: ledger.nextRound, reason: "crash test: abort before \(sequence)")
            }
            try ledger.append(CrashFixture.round(sequence: sequence, round: ledger.nextRound + sequence % 2))
            if sequence % CrashFixture.snapshotInterval == 0 {
                try ledger.putSnapshot(sequence: sequence, fingerprint: CrashFixture.fingerprint(sequence),
                                       bytes: CrashFixture.snapshot(sequence))
            }
        }
    }

    func testLedgerSurvivesSIGKILLOfItsWriter() throws {
        #if os(Linux)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("crash.sqlite")
        try Ledger(path: path, run: Fixtures.run).close()
        let observer = try Ledger(readOnlyAt: path, expecting: Fixtures.run)
        defer { observer.close() }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var generator = SystemRandomNumberGenerator()

        for kill in 1...8 {
            let logPath = directory.path("writer-\(kill).log")
            let child = try spawnWriter(executable: executable, ledgerPath: path, logPath: logPath)
            // Wait until the child has committed a random number of new rounds, then let it run
            // a random extra moment so the kill lands anywhere, mostly inside a commit's fsync.
            try observer.refresh()
            let target = observer.latestSequence + UInt64.random(in: 1...12, using: &generator)
            let deadline = Date().addingTimeInterval(120)
            while observer.latestSequence < target {
                guard child.isRunning else {
                    XCTFail("writer exited on its own: \(String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self))")
                    return
                }
                guard Date() < deadline else {
                    child.terminate()
                    XCTFail("writer made no progress to sequence \(target) (kill \(kill))")
                    return
                }
                usleep(2_000)
                try observer.refresh()
            }
            let observed = observer.latestSequence
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            XCTAssertEqual(Glibc.kill(child.processIdentifier, SIGKILL), 0)
            child.waitUntilExit()
            XCTAssertEqual(child.terminationReason, .uncaughtSignal)
            XCTAssertEqual(child.terminationStatus, SIGKILL)

            try verifyAfterCrash(path: path, observed: observed, kill: kill)
        }
        #else
        throw XCTSkip("re-executing the test binary relies on /proc/self/exe and swift-corelibs-xctest filters")
        #endif
    }

    #if os(Linux)
    private func spawnWriter(executable: String, ledgerPath: String, logPath: String) throws -> Process {
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath])
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["SeedFLStoreTests.LedgerCrashTests/testCrashWriterChildProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.ledgerPathVariable] = ledgerPath
        child.environment = environment
        child.standardOutput = log
        child.standardError = log
        try child.run()
        return child
    }
    #endif

    /// Opens the ledger read-only first (what `seedfl verify` does on a crashed broker's file,
    /// WAL recovery included), then as its writer (proving the dead writer's lock is gone), and
    /// checks every invariant and every byte.
    private func verifyAfterCrash(path: String, observed: UInt64, kill: Int,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let reader = try Ledger(readOnlyAt: path, expecting: Fixtures.run)
        XCTAssertNoThrow(try reader.checkIntegrity(), "kill \(kill), read-only", file: file, line: line)
        XCTAssertGreaterThanOrEqual(reader.latestSequence, observed, file: file, line: line)
        reader.close()

        let ledger = try Ledger(path: path, run: Fixtures.run)
        defer { ledger.close() }
        XCTAssertNoThrow(try ledger.checkIntegrity(), "kill \(kill)", file: file, line: line)
        XCTAssertGreaterThanOrEqual(ledger.latestSequence, observed,
                                    "kill \(kill): a commit seen by a reader was lost", file: file, line: line)
        let rounds = try ledger.rounds(after: 0, limit: Int.max)
        XCTAssertEqual(rounds.map(\.sequence), Array(1...ledger.latestSequence), file: file, line: line)
        for round in rounds {
            assertBitIdentical(round, CrashFixture.round(sequence: round.sequence, round: round.round),
                               file: file, line: line)
        }
        let aborted = try ledger.abortedRounds()
        let highest = max(rounds.last?.round ?? 0, aborted.last?.round ?? 0)
        XCTAssertEqual(ledger.nextRound, highest + 1, file: file, line: line)
        var sequence = CrashFixture.snapshotInterval
        while sequence <= ledger.latestSequence {
            if let info = try ledger.snapshotInfo(sequence: sequence) {
                XCTAssertEqual(info.fingerprint, CrashFixture.fingerprint(sequence), file: file, line: line)
                XCTAssertEqual(try ledger.snapshotChunk(sequence: sequence, offset: 0, length: info.size),
                               CrashFixture.snapshot(sequence), file: file, line: line)
            } else if sequence < ledger.latestSequence {
                // A snapshot is written after its round (and retaken by a restarted writer), so
                // only the newest round may lack it.
                XCTFail("kill \(kill): snapshot \(sequence) missing", file: file, line: line)
            }
            sequence += CrashFixture.snapshotInterval
        }
    }
}

/// What the crash writer stores, recomputable from the sequence number alone.
enum CrashFixture {
    /// Snapshots are frequent so that a good share of the kills land inside a multi-row
    /// snapshot transaction, not only inside round commits.
    static let snapshotInterval: UInt64 = 4

    static func round(sequence: UInt64, round: UInt64) -> CommittedRound {
        Fixtures.round(sequence: sequence, round: round, steps: 3, perturbations: 4)
    }

    /// Just over one chunk, so a snapshot write spans several rows and can be killed half-way.
    /// Built from one shared pattern (generating a megabyte per snapshot is slow in a debug
    /// build, and the kill would then land in the generator instead of in SQLite), with the
    /// sequence number in the first 8 bytes and in the length so every snapshot differs.
    static func snapshot(_ sequence: UInt64) -> [UInt8] {
        var bytes = Array(pattern.prefix(Ledger.snapshotChunkSize + Int(sequence % 1_000) * 31))
        withUnsafeBytes(of: sequence.littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        return bytes
    }

    private static let pattern: [UInt8] = (0..<(Ledger.snapshotChunkSize + 31_000)).map {
        UInt8(truncatingIfNeeded: UInt64($0) &* 0x9E37_79B9 >> 7)
    }

    static func fingerprint(_ sequence: UInt64) -> String {
        let digits = String(sequence, radix: 16)
        return String(repeating: "0", count: 64 - digits.count) + digits
    }
}
