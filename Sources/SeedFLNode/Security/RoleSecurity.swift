import ZeroMQ

/// One process's side of the `security:` section: its own CURVE keys, the options that make
/// its sockets CURVE servers or clients, the ZAP handler that admits allow-listed keys to its
/// server sockets, and the per-message check that binds every claim to the sender's key.
///
/// Built from a topology without `security:`, it is ``isEnabled`` false and changes nothing:
/// options pass through and every check succeeds, so the roles have one code path.
public final class RoleSecurity {
    /// Who this process is.
    public let identity: PeerIdentity
    let config: SecurityConfig?
    let policy: AccessPolicy
    let log: RoleLog
    /// This process's key pair (nil when security is off).
    let keys: CurveKeyPair?
    /// The allow-list, loaded when this process has server sockets (`start(context:)`).
    private(set) var trusted: TrustedKeys?
    private var handler: ZAPHandler?

    /// Loads this process's secret key from its folder.
    /// - Throws: ``SecurityError`` naming the file (missing, too open, malformed).
    public init(deployment: Deployment, identity: PeerIdentity, log: RoleLog) throws(SecurityError) {
        self.identity = identity
        self.config = deployment.security
        self.policy = AccessPolicy(deployment: deployment, server: identity)
        self.log = log
        guard let config else {
            keys = nil
            return
        }
        let path = CurveCertificate.secretPath(directory: config.folder(for: identity), name: identity.description)
        let certificate = try CurveCertificate.read(path: path, secret: true)
        guard let secret = certificate.secretKey else { throw SecurityError(file: path, "has no secret-key") }
        keys = CurveKeyPair(publicKey: certificate.publicKey, secretKey: secret)
    }

    /// Whether the topology has a `security:` section.
    public var isEnabled: Bool { config != nil }

    /// Loads the allow-list and starts the ZAP handler in `context`; call it before binding
    /// any server socket (an enforcing socket with no handler refuses everyone). Does nothing
    /// when security is off.
    /// - Throws: ``SecurityError`` for the allow-list, ``ZeroMQError`` for the handler.
    public func start(context: Context) throws {
        guard let config else { return }
        let trusted = try TrustedKeys(path: config.allowList)
        self.trusted = trusted
        let policy = self.policy
        handler = try ZAPHandler(context: context) { request in
            guard request.mechanism == "CURVE", let key = request.publicKey else {
                return .deny(reason: "CURVE required")
            }
            guard let peer = trusted.identity(of: key.z85) else { return .deny(reason: "key not on the allow-list") }
            guard let domain = AccessDomain(rawValue: request.domain), policy.admits(peer, to: domain) else {
                return .deny(reason: "\(peer) may not connect to \(request.domain)")
            }
            return .allow(userID: peer.description)
        }
    }

    /// Stops the ZAP handler; call it before terminating the context. Idempotent.
    public func stop() {
        handler?.stop()
        handler = nil
    }

    /// `base` with this process as the CURVE server of a `domain` socket.
    public func serverOptions(_ base: SocketOptions, domain: AccessDomain) -> SocketOptions {
        guard let keys else { return base }
        var options = base
        options.curve = .server(keys: keys)
        options.authenticationDomain = domain.rawValue
        return options
    }

    /// `base` with this process as a CURVE client of `server`, whose public key is read
    /// from this process's key folder.
    /// - Throws: ``SecurityError`` when the server's public certificate is missing or bad.
    public func clientOptions(_ base: SocketOptions, server: PeerIdentity) throws(SecurityError) -> SocketOptions {
        guard let config, let keys else { return base }
        let path = CurveCertificate.publicPath(directory: config.folder(for: identity), name: server.description)
        let certificate = try CurveCertificate.read(path: path, secret: false)
        var options = base
        options.curve = .client(serverPublicKey: certificate.publicKey, keys: keys)
        return options
    }

    /// Checks the sender of the message just received on this process's `domain` socket: its
    /// key must still be allowed, bound to the identity it was admitted as and admitted to
    /// `domain` (a key removed or re-bound since the handshake is revoked from its next
    /// message on), and, when the message claims to come from someone, the claim must be
    /// that identity.
    /// - Returns: the sender (nil when security is off), or why the message is dropped.
    public func check(_ sender: AuthenticatedPeer?, on domain: AccessDomain,
                      claims claimed: PeerIdentity? = nil) -> Result<PeerIdentity?, DropReason> {
        guard isEnabled else { return .success(nil) }
        guard let sender, let admitted = PeerIdentity(name: sender.userID) else { return .failure(.unauthenticated) }
        guard let key = sender.publicKey, let trusted, trusted.identity(of: key) == admitted,
              policy.admits(admitted, to: domain) else {
            return .failure(.revokedKey)
        }
        if let claimed, claimed != admitted { return .failure(.impersonation) }
        return .success(admitted)
    }

    /// Re-reads the allow-list if the file changed or a SIGHUP arrived; logs what changed.
    /// Cheap when nothing did (one `stat`): call it from the heartbeat.
    /// - Returns: true when a key was revoked (or bound to another identity): its established
    ///   connections must go, since ZAP is consulted only at the handshake and a server's
    ///   outgoing broadcast is not checked per message.
    @discardableResult
    public func reloadIfDue() -> Bool {
        guard let trusted else { return false }
        switch trusted.reloadIfChanged(force: ReloadSignal.take()) {
        case .unchanged: return false
        case .reloaded(let count, let revoked):
            log.info("allow-list reloaded: \(count) keys, \(revoked) revoked or re-bound")
            return revoked > 0
        case .failed(let error):
            log.warn("allow-list not reloaded, the previous one stays in force: \(error)")
            return false
        }
    }
}
