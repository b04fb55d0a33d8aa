import Foundation
import XCTest
import ZeroMQ

/// Subscribers that abuse subscriptions, against a run whose frames may be large
/// (`history_chunk: 4096`): a 200 KB prefix once crashed the forwarder (libzmq walks
/// prefixes recursively), and 78,600 random prefixes grew the broker by 280 MB.
final class HostileSubscriberTests: XCTestCase {
    func testHugeAndRandomSubscriptionsNeitherCrashNorGrowTheBroadcast() throws {
        let home = try ProcessHarness.runDirectory("subs")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = home + "/run"
        let text = try String(contentsOfFile: ProcessHarness.topology("forwarder.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  broker:\n", with: "  broker:\n    history_chunk: 4096\n")
        let topology = home + "/topology.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        let rounds = 400
        let up = try ProcessHarness.startRun(topology, run: run, rounds: rounds, log: home + "/up.log")
        defer { ProcessHarness.stop([up]) }

        let context = try Context()
        defer { context.terminate() }
        for endpoint in ["\(run)/pub", "\(run)/fanout"] {
            // A libzmq XSUB cannot even send a 200 KB prefix (it files it in its own
            // recursive trie first), so speak ZMTP 3.0 by hand, as any hostile peer may.
            try Self.sendRawSubscription(ipcPath: endpoint, prefixBytes: 200_000)
            let spammer = try XSubscriber(context: context, options: SocketOptions(linger: .seconds(1)))
            try spammer.connect("ipc://" + endpoint)
            Thread.sleep(forTimeInterval: 0.3)
            for _ in 0..<1000 { _ = try spammer.subscribe((0..<100).map { _ in UInt8.random(in: 0...255) }) }
            Thread.sleep(forTimeInterval: 0.5)
            try spammer.close(linger: .seconds(1))
        }

        XCTAssert(ProcessHarness.wait(timeout: 300) { !up.isRunning }, "run did not finish: see \(home)/up.log")
        up.waitUntilExit()
        XCTAssertEqual(up.terminationStatus, 0, "the forwarder and broker survived: see \(home)/up.log")
        let drops = ProcessHarness.status(run, "broker")?["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThan(drops["subscription"] ?? 0, 0, "random prefixes reach the broker and are not kept: \(drops)")
        let report = try XCTUnwrap(ProcessHarness.lastJSON(try String(contentsOfFile: home + "/up.log", encoding: .utf8)))
        XCTAssertEqual(report["rounds_committed"] as? Int, rounds)
    }

    /// Connects to a ZeroMQ ipc endpoint as a SUB speaking ZMTP 3.0 with the NULL mechanism,
    /// and sends one subscription message of `prefixBytes` bytes.
    static func sendRawSubscription(ipcPath: String, prefixBytes: Int) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(ipcPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var greeting: [UInt8] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 3, 0]
        greeting += Array("NULL".utf8) + [UInt8](repeating: 0, count: 16) + [0] + [UInt8](repeating: 0, count: 31)
        let property = [UInt8(11)] + Array("Socket-Type".utf8) + [0, 0, 0, 3] + Array("SUB".utf8)
        let ready = [UInt8(5)] + Array("READY".utf8) + property
        var frames = greeting + [0x04, UInt8(ready.count)] + ready
        let body = [UInt8(1)] + [UInt8](repeating: 65, count: prefixBytes)
        let size = UInt64(body.count)
        frames += [0x02] + (0..<8).map { UInt8((size >> (56 - 8 * UInt64($0))) & 0xFF) } + body
        var sent = 0
        while sent < frames.count {
            let n = frames[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }  // The peer may hang up once it has seen enough: that is its right.
            sent += n
        }
        Thread.sleep(forTimeInterval: 0.3)
    }
}
