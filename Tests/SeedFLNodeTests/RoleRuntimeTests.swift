import Foundation
import XCTest
import ZeroMQ
@testable import SeedFLNode

/// The loop every role runs, on real in-process ZeroMQ sockets.
final class RoleRuntimeTests: XCTestCase {
    /// Counts timer calls; finishes after `finishAfterTicks` ticks when set.
    private final class Timers: RoleTimers {
        var heartbeats = 0, ticks = 0
        var finishAfterTicks: Int?
        func heartbeat(now: ContinuousClock.Instant) { heartbeats += 1 }
        func tick(now: ContinuousClock.Instant) { ticks += 1 }
        var isFinished: Bool { finishAfterTicks.map { ticks >= $0 } ?? false }
    }

    private func pair(_ context: Context, _ name: String) throws -> (Puller, Pusher) {
        let pull = try Puller(context: context)
        _ = try pull.bind("inproc://\(name)")
        let push = try Pusher(context: context)
        try push.connect("inproc://\(name)")
        return (pull, push)
    }

    /// A flood on one socket cannot starve another: each wake-up drains at most 256
    /// messages per socket, so the other socket's message is handled right after the first batch.
    func testDrainsAreBoundedSoNoSocketStarvesAnother() throws {
        let context = try Context()
        defer { context.terminate() }
        let (busy, busyIn) = try pair(context, "busy")
        let (quiet, quietIn) = try pair(context, "quiet")
        defer { for s in [busy, quiet] as [any Socket] { try? s.close(linger: .zero) } }
        defer { for s in [busyIn, quietIn] as [any Socket] { try? s.close(linger: .zero) } }
        for i in 0..<600 { _ = try busyIn.send(frame: [UInt8(i % 256)]) }
        _ = try quietIn.send(frame: [7])
        let runtime = RoleRuntime(heartbeat: .seconds(1))
        var handled: [String] = []
        func receiver(_ socket: Puller, _ name: String) -> () throws -> RoleRuntime.Received {
            {
                switch try socket.receive(dontWait: true) {
                case .message: handled.append(name); return .handled
                case .terminated: return .terminated
                default: return .empty
                }
            }
        }
        runtime.receive(from: busy, receiver(busy, "busy"))
        runtime.receive(from: quiet, receiver(quiet, "quiet"))
        try runtime.run(Timers(), stop: { handled.count >= 601 })
        XCTAssertEqual(handled.count, 601)
        XCTAssertEqual(handled.firstIndex(of: "quiet"), RoleRuntime.drainBatch, "the quiet socket waited for one batch only")
    }

    /// The heartbeat runs at once and then once per period; a stop closure ends the loop
    /// within the runtime's maximum wait, and so does a role that is finished.
    func testHeartbeatScheduleStopAndFinish() throws {
        let stopTimers = Timers()
        var polls = 0
        try RoleRuntime(heartbeat: .seconds(3600)).run(stopTimers, stop: { polls += 1; return polls > 3 })
        XCTAssertEqual(stopTimers.heartbeats, 1, "one heartbeat at start, the next an hour away")
        XCTAssertEqual(stopTimers.ticks, 3)

        let finishing = Timers()
        finishing.finishAfterTicks = 2
        try RoleRuntime(heartbeat: .milliseconds(1)).run(finishing, stop: { false })
        XCTAssertEqual(finishing.ticks, 2)
        XCTAssertGreaterThanOrEqual(finishing.heartbeats, 1)
    }
}
