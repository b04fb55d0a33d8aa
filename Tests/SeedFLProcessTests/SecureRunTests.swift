import Foundation
import SeedFLNode
import SeedFLWire
import XCTest
import ZeroMQ

/// A run with CURVE on every socket (`security:`), attacked from outside by plain ZeroMQ
/// clients while it runs: the attacks an outside test once landed on a plaintext run.
final class SecureRunTests: XCTestCase {
    /// smoke.yaml with a `security:` section whose keys live in `dir/keys`, made by the
    /// binary. `dir` is not the run directory: `up --fresh` clears that.
    private func secureTopology(in dir: String, replacing: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: ProcessHarness.topology("smoke.yaml"), encoding: .utf8)
        for (a, b) in replacing {
            XCTAssert(text.contains(a), "smoke.yaml no longer contains '\(a)'")
            text = text.replacingOccurrences(of: a, with: b)
        }
        text += "security:\n  keys: \(dir)/keys\n"
        let path = dir + "/topology.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let made = try ProcessHarness.run(["keys", "generate", "--topology", path])
        XCTAssertEqual(made.status, 0, made.stderr)
        return path
    }

    private func latest(_ dir: String) -> Int { ProcessHarness.status(dir, "broker")?["latest_sequence"] as? Int ?? 0 }

    private func drops(_ dir: String, _ role: String) -> [String: Int] {
        ProcessHarness.status(dir, role)?["drops"] as? [String: Int] ?? [:]
    }

    private func keys(_ home: String, _ name: String) throws -> CurveKeyPair {
        let text = try String(contentsOfFile: "\(home)/keys/\(name).key_secret", encoding: .utf8)
        func value(_ key: String) throws -> CurveKey {
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains(key) })
            return try CurveKey(z85: String(line.split(separator: "\"")[1]))
        }
        return CurveKeyPair(publicKey: try value("public-key"), secretKey: try value("secret-key"))
    }

    /// Outsiders (no key, an unknown key) and an insider with a stolen trainer key try every
    /// forgery that once landed: final AGGREGATEs to the broker, contributions for every
    /// trainer, listening to the broadcast. None gets through, each is counted where it is
    /// refused, and the ledger is exactly the one `seedfl simulate` computes.
    func testForgeriesFromOutsideAndFromAStolenTrainerKeyChangeNothing() throws {
        let home = try ProcessHarness.runDirectory("secure")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let dir = home + "/run"
        let rounds = 400
        let topology = try secureTopology(in: home)
        let secret = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: "\(home)/keys/trainer-0.key_secret")[.posixPermissions] as? Int)
        XCTAssertEqual(secret & 0o777, 0o600, "secret keys are written with mode 0600")

        let up = try ProcessHarness.start(["up", topology, "--run-dir", dir, "--rounds", "\(rounds)", "--fresh", "--json"],
                                          log: "\(home)/up.log")
        defer { ProcessHarness.stop([up]) }
        XCTAssert(ProcessHarness.wait(timeout: 120) { self.latest(dir) >= 5 }, "no progress: see \(home)/up.log")

        let context = try Context()
        defer { context.terminate() }
        let broker = try keys(home, "broker").publicKey
        let aggregator = try keys(home, "aggregator-root").publicKey
        let stolen = try keys(home, "trainer-3")
        let stranger = try CurveKeyPair.generate()
        func pusher(_ endpoint: String, _ curve: CurveSecurity?) throws -> Pusher {
            let socket = try Pusher(context: context, options: SocketOptions(linger: .zero, curve: curve))
            try socket.connect(endpoint)
            return socket
        }
        let plainToBroker = try pusher("ipc://\(dir)/agg", nil)
        let strangerToBroker = try pusher("ipc://\(dir)/agg", .client(serverPublicKey: broker, keys: stranger))
        let trainerToBroker = try pusher("ipc://\(dir)/agg", .client(serverPublicKey: broker, keys: stolen))
        let trainerToAggregator = try pusher("ipc://\(dir)/contrib", .client(serverPublicKey: aggregator, keys: stolen))
        let listener = try Subscriber(context: context, options: SocketOptions(linger: .zero, receiveTimeout: .milliseconds(100)))
        try listener.subscribe("")
        try listener.connect("ipc://\(dir)/pub")
        defer { for s in [plainToBroker, strangerToBroker, trainerToBroker, trainerToAggregator, listener] as [any Socket] { try? s.close(linger: .zero) } }

        let start = latest(dir)
        var overheard = 0
        // Forge for the rounds around the current one, for as long as 20 rounds take to commit.
        while latest(dir) < start + 20 && up.isRunning {
            let round = UInt64(max(1, ProcessHarness.status(dir, "broker")?["open_round"] as? Int ?? start))
            for r in round..<(round + 3) {
                let forged = Message.aggregate(Aggregate(runID: 7, round: r, k: 1, p: 5, contributors: [0, 1], kind: .final,
                                                         mode: .seedScalars, values: [9, 9, 9, 9, 9], baseLoss: 0.1,
                                                         exampleCount: 32)).encode()
                for s in [plainToBroker, strangerToBroker, trainerToBroker] { _ = try s.send(frame: forged, dontWait: true) }
                // Every trainer but 3 itself: speaking as trainer 3 is what its key allows
                // (a stolen key is revoked, and robust aggregation bounds what it can do).
                for id in UInt32(0)..<3 {
                    let contribution = Message.contribution(Contribution(runID: 7, round: r, baseSequence: r - 1, trainerID: id,
                                                                         nonce: 1, k: 1, p: 5, scalars: [9, 9, 9, 9, 9],
                                                                         baseLoss: 0.1, exampleCount: 32)).encode()
                    _ = try trainerToAggregator.send(frame: contribution, dontWait: true)
                }
            }
            if case .message = try listener.receive() { overheard += 1 }
        }
        XCTAssertEqual(overheard, 0, "a plaintext subscriber hears nothing of a CURVE broadcast")

        XCTAssert(ProcessHarness.wait(timeout: 300) { !up.isRunning }, "run did not finish: see \(home)/up.log")
        up.waitUntilExit()
        XCTAssertEqual(up.terminationStatus, 0, "see \(home)/up.log")
        let brokerStatus = ProcessHarness.status(dir, "broker") ?? [:]
        XCTAssertGreaterThanOrEqual(brokerStatus["handshakes_refused"] as? Int ?? 0, 2,
                                    "the unknown key and the trainer key were refused at the aggregates socket")
        XCTAssertNil(drops(dir, "broker")["below-quorum"], "no forged AGGREGATE even reached the broker's checks")
        XCTAssertGreaterThan(drops(dir, "aggregator-root")["impersonation"] ?? 0, 0,
                             "trainer 3's key claiming other trainers is dropped: \(drops(dir, "aggregator-root"))")

        let report = try XCTUnwrap(ProcessHarness.lastJSON(try String(contentsOfFile: "\(home)/up.log", encoding: .utf8)))
        let simulated = try ProcessHarness.run(["simulate", topology, "--rounds", "\(rounds)", "--json"])
        XCTAssertEqual(report["ledger_fingerprint"] as? String,
                       ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String,
                       "the secure run's ledger is the simulator's: nothing forged was committed")
    }

    /// Removing a trainer's key from the allow-list mid-run cuts it off without a restart:
    /// a connection made with that key before the change has its next message dropped
    /// (`revoked-key`), the broker re-opens its broadcast so the trainer's subscription goes
    /// too, the trainer (refused at the new handshake) ends saying why, and the run goes on
    /// with the others.
    func testARevokedKeyIsDroppedWithoutARestart() throws {
        let home = try ProcessHarness.runDirectory("revoke")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try revoke(in: home, topology: try secureTopology(in: home, replacing: [("min_trainers: 4", "min_trainers: 3")]),
                   broadcaster: "broker")
    }

    /// The same through the secure forwarder: it restarts its proxy, which ends the revoked
    /// trainer's subscription to it.
    func testARevokedKeyLosesTheForwardersBroadcast() throws {
        let home = try ProcessHarness.runDirectory("revokefw")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let shipped = try String(contentsOfFile: ProcessHarness.topology("secure-forwarder.yaml"), encoding: .utf8)
        let topology = home + "/topology.yaml"
        try shipped.replacingOccurrences(of: "keys: keys/secure-forwarder", with: "keys: \(home)/keys")
            .replacingOccurrences(of: "min_trainers: 4", with: "min_trainers: 3")
            .write(toFile: topology, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ProcessHarness.run(["keys", "generate", "--topology", topology]).status, 0)
        try revoke(in: home, topology: topology, broadcaster: "forwarder")
    }

    /// Runs `topology` (keys in `home/keys`), revokes trainer 3 mid-run and checks what
    /// ``testARevokedKeyIsDroppedWithoutARestart()`` says; `broadcaster` is the role whose
    /// status counts the refused re-subscription.
    private func revoke(in home: String, topology: String, broadcaster: String) throws {
        let dir = home + "/run"
        let rounds = 300
        let up = try ProcessHarness.start(["up", topology, "--run-dir", dir, "--rounds", "\(rounds)", "--fresh", "--json"],
                                          log: "\(home)/up.log")
        defer { ProcessHarness.stop([up]) }
        XCTAssert(ProcessHarness.wait(timeout: 120) { self.latest(dir) >= 20 }, "no progress: see \(home)/up.log")

        // A second connection with trainer 3's key, admitted while the key is listed.
        func certificate(_ name: String) throws -> CurveCertificate.Certificate {
            let secret = CurveCertificate.secretPath(directory: home + "/keys", name: name)
            return try CurveCertificate.read(path: secret, secret: true)
        }
        let trainer = try certificate("trainer-3")
        let broker = try CurveCertificate.read(path: CurveCertificate.publicPath(directory: home + "/keys", name: "broker"),
                                               secret: false)
        let context = try Context()
        defer { context.terminate() }
        var options = SocketOptions(linger: .zero)
        options.curve = .client(serverPublicKey: broker.publicKey,
                                keys: CurveKeyPair(publicKey: trainer.publicKey, secretKey: try XCTUnwrap(trainer.secretKey)))
        let stolen = try Dealer(context: context, options: options)
        defer { try? stolen.close(linger: .zero) }
        try stolen.connect("ipc://\(dir)/ctl")
        func heartbeat() throws {
            let beat = Heartbeat(role: .trainer, senderID: 3, runID: 0, latestSequence: 0, round: 0, unixTimeMilliseconds: 0)
            _ = try stolen.send(frame: Message.heartbeat(beat).encode(), dontWait: true)
        }
        try heartbeat()
        Thread.sleep(forTimeInterval: 0.5)

        let allowList = "\(home)/keys/allow.list"
        let kept = try String(contentsOfFile: allowList, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("trainer-3 ") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: allowList, atomically: true, encoding: .utf8)

        let log = "\(dir)/logs/trainer-3.log"
        XCTAssert(ProcessHarness.wait(timeout: 60) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("refused this trainer's key")
        }, "the trainer, refused once the \(broadcaster)'s broadcast re-opened, ends saying why")
        try heartbeat()
        XCTAssert(ProcessHarness.wait(timeout: 60) { (self.drops(dir, "broker")["revoked-key"] ?? 0) > 0 },
                  "a message on a connection made before the revocation is dropped: \(drops(dir, "broker"))")
        guard ProcessHarness.wait(timeout: 300, { !up.isRunning }) else { return XCTFail("run did not finish: see \(home)/up.log") }
        XCTAssertEqual(up.terminationStatus, 0, "see \(home)/up.log")
        let brokerStatus = ProcessHarness.status(dir, "broker") ?? [:]
        XCTAssertEqual(brokerStatus["rounds_committed"] as? Int, rounds)
        let revoked = ProcessHarness.status(dir, "trainer-3") ?? [:]
        XCTAssertLessThan(revoked["applied_sequence"] as? Int ?? .max, rounds - 100, "it stopped following: \(revoked)")
        let refused = ProcessHarness.status(dir, broadcaster)?["handshakes_refused"] as? Int ?? 0
        if broadcaster == "broker" { XCTAssertGreaterThan(refused, 0, "the broker counted the refusal") }
        let verify = try ProcessHarness.run(["verify", "--run", dir, "--json"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    /// The shipped secure variants of the forwarder (CURVE through an XSUB/XPUB proxy, and
    /// subscriptions under CURVE) and of the two-level tree (edges authenticating to the root)
    /// run to the simulator's ledger.
    func testSecureForwarderAndTreeRunsEqualTheSimulator() throws {
        for name in ["secure-forwarder", "secure-hierarchical"] {
            let home = try ProcessHarness.runDirectory("sec")
            defer { try? FileManager.default.removeItem(atPath: home) }
            let shipped = try String(contentsOfFile: ProcessHarness.topology("\(name).yaml"), encoding: .utf8)
            XCTAssert(shipped.contains("keys: keys/\(name)"))
            let topology = home + "/topology.yaml"
            try shipped.replacingOccurrences(of: "keys: keys/\(name)", with: "keys: \(home)/keys")
                .write(toFile: topology, atomically: true, encoding: .utf8)
            XCTAssertEqual(try ProcessHarness.run(["keys", "generate", "--topology", topology]).status, 0)
            let up = try ProcessHarness.run(["up", topology, "--run-dir", home + "/run", "--rounds", "60", "--fresh", "--json"])
            XCTAssertEqual(up.status, 0, up.stderr)
            let simulated = try ProcessHarness.run(["simulate", topology, "--rounds", "60", "--json"])
            let report = ProcessHarness.lastJSON(up.stdout) ?? [:]
            XCTAssertEqual(report["rounds_committed"] as? Int, 60, name)
            XCTAssertEqual(report["ledger_fingerprint"] as? String,
                           ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String, name)
        }
    }
}
