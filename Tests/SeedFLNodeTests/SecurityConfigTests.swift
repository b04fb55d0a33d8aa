import Foundation
import SeedFLNode
import XCTest
import ZeroMQ

/// The pieces of `security:` apart from any running role: identities, certificates,
/// allow-lists and their reload, the access rules and the per-message check.
final class SecurityConfigTests: XCTestCase {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "seedfl-security-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testIdentityNamesRoundTripAndRejectLookalikes() {
        for identity in [PeerIdentity.broker, .forwarder, .evaluator, .aggregator("edge-a"), .trainer(0), .trainer(12)] {
            XCTAssertEqual(PeerIdentity(name: identity.description), identity)
        }
        for bad in ["trainer-", "trainer-01", "trainer--1", "trainer-x", "aggregator-", "root", ""] {
            XCTAssertNil(PeerIdentity(name: bad), bad)
        }
    }

    func testCertificatesRoundTripAndSecretsStayPrivate() throws {
        let folder = try temporaryFolder()
        let pair = try CurveKeyPair.generate()
        try CurveCertificate.write(pair, identity: "trainer-3", directory: folder)
        let secretPath = CurveCertificate.secretPath(directory: folder, name: "trainer-3")
        let secret = try CurveCertificate.read(path: secretPath, secret: true)
        XCTAssertEqual(secret.secretKey, pair.secretKey)
        XCTAssertEqual(secret.identity, "trainer-3")
        let published = try CurveCertificate.read(path: CurveCertificate.publicPath(directory: folder, name: "trainer-3"), secret: false)
        XCTAssertEqual(published.publicKey, pair.publicKey)
        XCTAssertNil(published.secretKey)
        XCTAssertThrowsError(try CurveCertificate.write(pair, identity: "trainer-3", directory: folder), "never overwrites a secret")

        chmod(secretPath, 0o644)
        XCTAssertThrowsError(try CurveCertificate.read(path: secretPath, secret: true)) {
            XCTAssertTrue("\($0)".contains("chmod 600"), "\($0)")
        }
        chmod(secretPath, 0o600)
        // A secret file whose public key is not its secret key's.
        let other = try CurveKeyPair.generate()
        let text = try String(contentsOfFile: secretPath, encoding: .utf8).replacingOccurrences(of: pair.publicKey.z85, with: other.publicKey.z85)
        try text.write(toFile: secretPath, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try CurveCertificate.read(path: secretPath, secret: true)) {
            XCTAssertTrue("\($0)".contains("does not belong"), "\($0)")
        }
    }

    func testAllowListErrorsNameTheLineAndHashIsAKeyCharacter() throws {
        let key = try CurveKeyPair.generate().publicKey
        let list = try AllowList.parse("# comment\n\ntrainer-1 \(key.z85)\n", path: "allow.list")
        XCTAssertEqual(list.identity(of: key.z85), .trainer(1))
        let hashKey = try CurveKey(z85: "7M?C2IY-24xpMF!Rs64IQ9=MBQ-V#TR0)FPa3o=W")
        XCTAssertEqual(try AllowList.parse("evaluator \(hashKey.z85)", path: "a").identity(of: hashKey.z85), .evaluator)
        XCTAssertThrowsError(try AllowList.parse("\n\nnobody \(key.z85)", path: "allow.list")) {
            XCTAssertTrue("\($0)".hasPrefix("allow.list:3:"), "\($0)")
        }
        XCTAssertThrowsError(try AllowList.parse("trainer-1 short", path: "a"))
        XCTAssertThrowsError(try AllowList.parse("trainer-1 \(key.z85)\ntrainer-2 \(key.z85)", path: "a"), "one key, one identity")
        XCTAssertEqual(try AllowList.parse(list.text, path: "a"), list, "text round-trips")
    }

    func testReloadPicksUpRevocationsAndKeepsTheOldListOnABrokenFile() throws {
        let folder = try temporaryFolder()
        let path = folder + "/allow.list"
        let a = try CurveKeyPair.generate().publicKey, b = try CurveKeyPair.generate().publicKey
        try "trainer-0 \(a.z85)\ntrainer-1 \(b.z85)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let trusted = try TrustedKeys(path: path)
        XCTAssertEqual(trusted.reloadIfChanged(), .unchanged)
        try "trainer-0 \(a.z85)\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(trusted.reloadIfChanged(force: true), .reloaded(keys: 1, revoked: 1))
        XCTAssertNil(trusted.identity(of: b.z85))
        try "trainer-0 \(a.z85)\ngarbage\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failed = trusted.reloadIfChanged(force: true) else { return XCTFail("a broken file is reported") }
        XCTAssertEqual(trusted.identity(of: a.z85), .trainer(0), "the previous list stays in force")
    }

    private static func topologyPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/\(name)").path
    }

    /// Who may connect where, in hierarchical.yaml's two-level tree.
    func testAccessFollowsTheTree() throws {
        let d = try TopologyFile.load(path: Self.topologyPath("hierarchical.yaml")).deployment
        let broker = AccessPolicy(deployment: d, server: .broker)
        XCTAssertTrue(broker.admits(.aggregator("root"), to: .aggregates))
        XCTAssertFalse(broker.admits(.aggregator("edge-a"), to: .aggregates), "only the root decides rounds")
        XCTAssertFalse(broker.admits(.trainer(0), to: .aggregates))
        XCTAssertTrue(broker.admits(.trainer(0), to: .control))
        XCTAssertFalse(broker.admits(.forwarder, to: .control))
        XCTAssertTrue(broker.admits(.evaluator, to: .broadcast))
        let a = AccessPolicy(deployment: d, server: .aggregator("edge-a"))
        XCTAssertTrue(a.admits(.trainer(1), to: .contributions))
        XCTAssertFalse(a.admits(.trainer(2), to: .contributions), "trainer 2 pushes to edge-b")
        let root = AccessPolicy(deployment: d, server: .aggregator("root"))
        XCTAssertTrue(root.admits(.aggregator("edge-b"), to: .contributions))
        XCTAssertFalse(root.admits(.trainer(0), to: .contributions), "trainers push to the leaves")
    }

    func testTheSectionIsParsedStrictly() throws {
        let base = try String(contentsOfFile: Self.topologyPath("smoke.yaml"), encoding: .utf8)
        let t = try TopologyFile.parse(base + "security:\n  keys: k\n  role_keys: { trainer: t }\n", path: "x.yaml")
        XCTAssertEqual(t.deployment.security, SecurityConfig(keys: "k", roleKeys: ["trainer": "t"], allowList: "k/allow.list"))
        XCTAssertEqual(t.deployment.security?.folder(for: .trainer(2)), "t")
        XCTAssertEqual(t.deployment.security?.folder(for: .broker), "k")
        XCTAssertNil(try TopologyFile.parse(base, path: "x.yaml").deployment.security)
        XCTAssertThrowsError(try TopologyFile.parse(base + "security:\n  allow_list: a\n", path: "x.yaml")) {
            XCTAssertEqual(($0 as? ConfigError)?.field, "security.keys")
        }
        XCTAssertThrowsError(try TopologyFile.parse(base + "security:\n  keys: k\n  role_keys: { trainers: t }\n", path: "x.yaml")) {
            XCTAssertEqual(($0 as? ConfigError)?.field, "security.role_keys.trainers")
        }
    }

    /// The per-message check: a key still on the list, bound to whom it was admitted as, and
    /// claims that match; everything passes when security is off.
    func testEveryMessageIsCheckedAgainstTheCurrentList() throws {
        let folder = try temporaryFolder()
        var d = Deployment.localIPC()
        d.security = SecurityConfig(keys: folder)
        let entries = try KeyFolder.generate(deployment: d, clients: 2, folder: folder, allowList: folder + "/allow.list")
        XCTAssertEqual(entries.map(\.identity.description), ["broker", "aggregator-root", "trainer-0", "trainer-1", "evaluator"])
        let key = { (id: PeerIdentity) in entries.first { $0.identity == id }!.publicKey.z85 }
        let security = try RoleSecurity(deployment: d, identity: .broker, log: RoleLog(role: "test"))
        let context = try Context()
        try security.start(context: context)
        defer {
            security.stop()
            context.terminate()
        }
        let t1 = AuthenticatedPeer(userID: "trainer-1", publicKey: key(.trainer(1)))
        XCTAssertEqual(security.check(t1, on: .control, claims: .trainer(1)), .success(.trainer(1)))
        XCTAssertEqual(security.check(t1, on: .control, claims: .trainer(0)), .failure(.impersonation))
        XCTAssertEqual(security.check(t1, on: .aggregates), .failure(.revokedKey), "a trainer is never admitted to aggregates")
        XCTAssertEqual(security.check(nil, on: .control), .failure(.unauthenticated))
        let rebound = AuthenticatedPeer(userID: "trainer-0", publicKey: key(.trainer(1)))
        XCTAssertEqual(security.check(rebound, on: .control), .failure(.revokedKey), "key and identity must still match")

        XCTAssertEqual(KeyFolder.missingSecrets(deployment: d, clients: 2), [])
        try FileManager.default.removeItem(atPath: CurveCertificate.secretPath(directory: folder, name: "trainer-1"))
        XCTAssertEqual(KeyFolder.missingSecrets(deployment: d, clients: 2), [folder + "/trainer-1.key_secret"],
                       "what up refuses to start without")

        let off = try RoleSecurity(deployment: .localIPC(), identity: .broker, log: RoleLog(role: "test"))
        XCTAssertEqual(off.check(nil, on: .aggregates, claims: .trainer(5)), .success(nil))
    }
}
