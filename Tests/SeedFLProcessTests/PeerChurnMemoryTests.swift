import Foundation
import SeedFLWire
import XCTest
import ZeroMQ

/// Hostile peers that come, take what they can and go must leave nothing behind: the
/// broker's memory returns to its baseline once they have left. The figures are in
/// docs/security.md ("Hostile but authenticated peers").
final class PeerChurnMemoryTests: XCTestCase {
    /// Resident memory of `pid` in KiB (`VmRSS` of /proc/PID/status).
    private func residentKiB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }

    /// Six waves of 200 peers each subscribe to the broadcast and never read, and send
    /// history requests whose replies they never read, then leave. After each wave the
    /// broker's resident memory comes back within 4 MiB of its baseline before the first, after
    /// the last it is within 4 MiB of what it was after the first (a per-peer leak would grow
    /// with every wave), and the run keeps committing rounds throughout.
    func testBrokerMemoryReturnsToBaselineAfterPeersLeave() throws {
        let home = try ProcessHarness.runDirectory("churn")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = home + "/run"
        // More rounds than the test needs: it stops the run once the peers are gone.
        let rounds = 100_000
        let up = try ProcessHarness.startRun(ProcessHarness.topology("smoke.yaml"), run: run, rounds: rounds,
                                             log: home + "/up.log", progress: 200)
        defer { ProcessHarness.stop([up]) }
        let pid = try XCTUnwrap(ProcessHarness.status(run, "broker")?["pid"] as? Int32)
        let runID = try readRunID(run)

        var afterWave: [Int] = []
        var peak = 0
        let baseline = try XCTUnwrap(residentKiB(pid))
        let committedBefore = ProcessHarness.status(run, "broker")?["latest_sequence"] as? Int ?? 0
        for _ in 0..<6 {
            let context = try Context()
            var sockets: [any Socket] = []
            for _ in 0..<200 {
                let subscriber = try Subscriber(context: context, options: SocketOptions(linger: .zero))
                try subscriber.subscribe("")
                try subscriber.connect("ipc://\(run)/pub")
                let dealer = try Dealer(context: context, options: SocketOptions(linger: .zero))
                try dealer.connect("ipc://\(run)/ctl")
                for _ in 0..<8 {
                    let request = HistoryRequest(runID: runID, afterSequence: 0, maxRecords: 1 << 20)
                    _ = try dealer.send(frame: Message.historyRequest(request).encode(), dontWait: true)
                }
                sockets += [subscriber, dealer] as [any Socket]
            }
            Thread.sleep(forTimeInterval: 2)
            peak = max(peak, residentKiB(pid) ?? 0)
            for socket in sockets { try socket.close(linger: .zero) }
            context.terminate()
            // The broker notices the disconnections, frees their pipes and, within its trim
            // interval (5 s), hands the memory back.
            XCTAssert(ProcessHarness.wait(timeout: 20) { (residentKiB(pid) ?? .max) < baseline + 4 * 1024 },
                      "not back within 4 MiB of the baseline \(baseline) KiB: \(residentKiB(pid) ?? -1) KiB")
            afterWave.append(try XCTUnwrap(residentKiB(pid)))
        }
        print("broker resident memory (KiB): baseline \(baseline), peak \(peak), after each wave \(afterWave)")
        XCTAssertGreaterThan(peak, baseline + 8 * 1024, "the peers cost the broker memory while they were there")
        XCTAssertLessThan(afterWave.last! - afterWave.first!, 4 * 1024, "a leak grows with every wave: \(afterWave)")

        XCTAssert(ProcessHarness.wait(timeout: 60) {
            (ProcessHarness.status(run, "broker")?["latest_sequence"] as? Int ?? 0) > committedBefore + 100
        }, "the run kept committing: see \(home)/up.log")
        XCTAssertEqual(ProcessHarness.status(run, "broker")?["pid"] as? Int32, pid, "the same broker throughout")
    }

    /// The run id, from the first broadcast message.
    private func readRunID(_ run: String) throws -> UInt64 {
        let context = try Context()
        defer { context.terminate() }
        let listener = try Subscriber(context: context, options: SocketOptions(linger: .zero, receiveTimeout: .milliseconds(100)))
        defer { try? listener.close(linger: .zero) }
        try listener.subscribe("")
        try listener.connect("ipc://\(run)/pub")
        for _ in 0..<100 {
            guard case .message(let frames) = try listener.receive(), let frame = frames.first,
                  let message = try? Message.decode(frame) else { continue }
            // Brief rounds carry no run id; the broker's heartbeats always do.
            if case .heartbeat(let beat) = message, beat.role == .broker { return beat.runID }
        }
        throw POSIXError(.ETIMEDOUT)
    }
}
