import Foundation
import ZeroMQ

/// The key folder `seedfl keys generate` fills for a topology: one certificate pair per
/// identity the deployment has, and the allow-list that admits them.
public enum KeyFolder {
    /// One identity's keys as found or made.
    public struct Entry: Sendable, Equatable {
        public var identity: PeerIdentity
        public var publicKey: CurveKey
        /// Made by this call (false: an existing pair was kept).
        public var created: Bool
        /// Whether the allow-list binds the key to the identity.
        public var allowed: Bool
    }

    /// Makes a key pair for every identity of `deployment` that has none in `folder` (an
    /// existing pair is kept: replacing a key is a deliberate act), then writes
    /// `allowList` to admit every identity that connects to a server (all but the broker).
    /// The folder is created with mode 0700.
    /// - Throws: ``SecurityError`` naming the file that could not be read or written.
    public static func generate(deployment: Deployment, clients: Int, folder: String, allowList: String) throws(SecurityError) -> [Entry] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw SecurityError(file: folder, "cannot create the key folder: \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        var list = AllowList()
        for identity in PeerIdentity.all(in: deployment, clients: clients) {
            let secretPath = CurveCertificate.secretPath(directory: folder, name: identity.description)
            var created = false
            if !FileManager.default.fileExists(atPath: secretPath) {
                let pair: CurveKeyPair
                do { pair = try CurveKeyPair.generate() } catch {
                    throw SecurityError(file: secretPath, "libzmq cannot make CURVE keys: \(error)")
                }
                try CurveCertificate.write(pair, identity: identity.description, directory: folder)
                created = true
            }
            let certificate = try CurveCertificate.read(path: secretPath, secret: true)
            if identity != .broker { try list.allow(certificate.publicKey, as: identity) }
            entries.append(Entry(identity: identity, publicKey: certificate.publicKey, created: created,
                                 allowed: identity != .broker))
        }
        do {
            try Data(list.text.utf8).write(to: URL(fileURLWithPath: allowList), options: .atomic)
        } catch {
            throw SecurityError(file: allowList, "cannot write the allow-list: \(error.localizedDescription)")
        }
        return entries
    }

    /// Every identity of `deployment` with the public key in `folder` (if any) and whether
    /// `allowList` binds it. Reads public certificates only.
    public static func list(deployment: Deployment, clients: Int, folder: String,
                            allowList: String) throws(SecurityError) -> [(identity: PeerIdentity, publicKey: CurveKey?, allowed: Bool)] {
        let trusted = FileManager.default.fileExists(atPath: allowList) ? try AllowList.load(path: allowList) : AllowList()
        return PeerIdentity.all(in: deployment, clients: clients).map { identity in
            let path = CurveCertificate.publicPath(directory: folder, name: identity.description)
            let key = try? CurveCertificate.read(path: path, secret: false).publicKey
            return (identity, key, key.map { trusted.identity(of: $0.z85) == identity } ?? false)
        }
    }

    /// The identities of `deployment` whose secret key is missing from their folder (what
    /// `seedfl up` checks before it starts anything).
    public static func missingSecrets(deployment: Deployment, clients: Int) -> [String] {
        guard let security = deployment.security else { return [] }
        return PeerIdentity.all(in: deployment, clients: clients).compactMap { identity in
            let path = CurveCertificate.secretPath(directory: security.folder(for: identity), name: identity.description)
            return FileManager.default.fileExists(atPath: path) ? nil : path
        }
    }
}
