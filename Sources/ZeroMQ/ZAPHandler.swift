import Foundation

/// One authentication request from libzmq (RFC 27, ZAP 1.0): who is connecting to a
/// socket of this context, with which mechanism and credentials.
public struct ZAPRequest: Sendable, Hashable {
    /// The server socket's ``SocketOptions/authenticationDomain``.
    public var domain: String
    /// The peer's network address as libzmq saw it (an IP for tcp, empty for ipc).
    public var address: String
    /// `NULL`, `PLAIN` or `CURVE`.
    public var mechanism: String
    /// The client's long-term public key, for `CURVE`.
    public var publicKey: CurveKey?

    /// Creates a request description.
    public init(domain: String, address: String, mechanism: String, publicKey: CurveKey?) {
        self.domain = domain
        self.address = address
        self.mechanism = mechanism
        self.publicKey = publicKey
    }
}

/// What a ``ZAPHandler``'s policy says about a ``ZAPRequest``.
public enum ZAPDecision: Sendable, Hashable {
    /// Admit the peer; every message of the connection carries `userID` as its `User-Id`.
    case allow(userID: String)
    /// Refuse the handshake; `reason` becomes the ZAP status text (libzmq reports it to
    /// the server's socket monitor as an authentication failure).
    case deny(reason: String)
}

/// A ZAP handler (RFC 27): the one authority that admits or refuses every CURVE handshake
/// on the sockets of one context that set ``SocketOptions/authenticationDomain``.
///
/// libzmq asks it over a REP socket bound to ``endpoint`` in the same context; it runs on a
/// thread of its own so that handshakes are answered while the role's thread computes.
/// The policy is a closure, consulted on that thread, so it must be thread-safe.
///
/// Start it before binding any authenticating socket: with `ZMQ_ZAP_ENFORCE_DOMAIN` set, a
/// handshake that finds no handler is refused. Call ``stop()`` before terminating the
/// context, which otherwise waits for the handler's socket.
public final class ZAPHandler: @unchecked Sendable {
    /// Where libzmq sends ZAP requests (fixed by RFC 27).
    public static let endpoint = "inproc://zeromq.zap.01"
    /// The metadata property in which an admitted peer's Z85 public key reaches every
    /// message (``AuthenticatedPeer/publicKey``), so a receiver can check that the key is
    /// still trusted after the handshake.
    public static let publicKeyProperty = "Curve-Public-Key"

    /// Handshakes admitted and refused so far.
    public struct Counts: Sendable, Hashable {
        public var allowed = 0
        public var denied = 0
    }

    private let lock = NSLock()
    private var counts = Counts()
    private var stopRequested = false
    private let finished = Latch<Bool>()

    /// Binds ``endpoint`` in `context` and starts answering with `policy`.
    /// - Throws: ``ZeroMQError`` from the socket or its bind (`EADDRINUSE` when the context
    ///   already has a handler).
    public init(context: Context, policy: @escaping @Sendable (ZAPRequest) -> ZAPDecision) throws {
        var options = SocketOptions()
        // The loop wakes this often to notice stop().
        options.receiveTimeout = .milliseconds(100)
        let socket = try Replier(context: context, options: options)
        try socket.bind(Self.endpoint)
        // A libzmq socket may move to another thread across a full memory barrier, which
        // starting a thread is; from here on only the handler thread touches it.
        let box = SocketBox(socket: socket)
        Thread.detachNewThread { [self] in
            serve(box.socket, policy: policy)
            try? box.socket.close(linger: .zero)
            finished.set(true)
        }
    }

    /// Handshakes admitted and refused so far.
    public var decisions: Counts {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Stops answering and closes the handler's socket; returns once it is closed (within
    /// about 100 ms). Later handshakes on an enforcing socket are refused. Idempotent.
    public func stop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
        _ = finished.wait()
    }

    private var shouldStop: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    private func serve(_ socket: Replier, policy: (ZAPRequest) -> ZAPDecision) {
        while !shouldStop {
            let frames: [[UInt8]]
            switch (try? socket.receive()) ?? .terminated {
            case .message(let received): frames = received
            case .wouldBlock, .interrupted, .rejected: continue
            case .terminated: return
            }
            let reply = Self.answer(frames, policy: policy)
            lock.lock()
            if reply.isAllowed { counts.allowed += 1 } else { counts.denied += 1 }
            lock.unlock()
            // REP must answer before it can receive again; a failed send leaves the client
            // unanswered, which libzmq treats as a refusal.
            _ = try? socket.send(reply.frames)
        }
    }

    /// The reply frames for one request: a malformed request gets status 500 (RFC 27's
    /// "internal error"), a refusal 400, an admission 200 with the user id and the peer's
    /// public key as metadata.
    static func answer(_ frames: [[UInt8]], policy: (ZAPRequest) -> ZAPDecision) -> (frames: [[UInt8]], isAllowed: Bool) {
        let requestID = frames.count > 1 ? frames[1] : []
        func reply(_ status: String, _ text: String, user: String = "", metadata: [UInt8] = []) -> [[UInt8]] {
            [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(user.utf8), metadata]
        }
        guard frames.count >= 6, frames[0] == Array("1.0".utf8) else {
            return (reply("500", "malformed ZAP request"), false)
        }
        let text = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
        let mechanism = text(frames[5])
        var key: CurveKey?
        if mechanism == "CURVE" {
            guard frames.count == 7, let k = try? CurveKey(bytes: frames[6]) else {
                return (reply("500", "malformed CURVE credentials"), false)
            }
            key = k
        }
        let request = ZAPRequest(domain: text(frames[2]), address: text(frames[3]), mechanism: mechanism, publicKey: key)
        switch policy(request) {
        case .allow(let user):
            let metadata = key.map { ZMTPMetadata.encode([(Self.publicKeyProperty, Array($0.z85.utf8))]) } ?? []
            return (reply("200", "OK", user: user, metadata: metadata), true)
        case .deny(let reason):
            return (reply("400", reason), false)
        }
    }
}

/// Carries the handler's socket to its thread; see the comment in ``ZAPHandler/init``.
private struct SocketBox: @unchecked Sendable {
    let socket: Replier
}

/// ZMTP 3.0 metadata, as a ZAP reply carries it: for each property a 1-byte name length,
/// the name, a 4-byte big-endian value length and the value.
enum ZMTPMetadata {
    static func encode(_ properties: [(name: String, value: [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, value) in properties {
            let nameBytes = Array(name.utf8)
            precondition(nameBytes.count <= 255, "a ZMTP property name is at most 255 bytes")
            bytes.append(UInt8(nameBytes.count))
            bytes += nameBytes
            let count = UInt32(value.count)
            bytes += [UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            bytes += value
        }
        return bytes
    }
}
