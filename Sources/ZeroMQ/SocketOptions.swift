import CZeroMQ

/// Socket options applied when a socket is created, before any bind or connect.
///
/// Several libzmq options only affect connections made after they are set (high-water
/// marks, `ZMQ_MAXMSGSIZE`, CURVE, heartbeats), so this wrapper takes them all at
/// creation and offers no setter afterwards: a socket cannot be half-configured.
/// Every property defaults to `nil`, meaning "keep libzmq's default", so the wrapper adds
/// no policy of its own except two: ``linger`` means zero when unset (libzmq's infinite
/// default hangs context termination), and ``messageLimits`` (which libzmq lacks).
public struct SocketOptions: Sendable, Equatable {
    /// `ZMQ_LINGER` for a socket released without ``Socket/close(linger:)`` (its `deinit`):
    /// how long its unsent messages may delay ``Context/terminate()``. `nil` means zero
    /// there, not libzmq's infinite default, so a forgotten socket cannot hang the
    /// context. An explicit ``Socket/close(linger:)`` always uses its own argument.
    public var linger: Duration?
    /// `ZMQ_SNDHWM`: messages queued per peer before sends block or drop (libzmq: 1000).
    public var sendHighWaterMark: Int32?
    /// `ZMQ_RCVHWM`: messages queued per peer on the receiving side (libzmq: 1000).
    public var receiveHighWaterMark: Int32?
    /// `ZMQ_SNDTIMEO`: a blocking send returns ``SendOutcome/wouldBlock`` after this long
    /// (libzmq: wait for ever).
    public var sendTimeout: Duration?
    /// `ZMQ_RCVTIMEO`: a blocking receive returns ``ReceiveOutcome/wouldBlock`` after this
    /// long (libzmq: wait for ever).
    public var receiveTimeout: Duration?
    /// `ZMQ_MAXMSGSIZE`: largest *frame* accepted from a peer, in bytes; libzmq drops the
    /// connection of a peer that sends a larger one (libzmq: unlimited). Set it on every
    /// socket that reads from untrusted peers.
    public var maxMessageSize: Int64?
    /// `ZMQ_IMMEDIATE`: queue messages only to completed connections, so a PUSH or DEALER
    /// does not park messages in the pipe of a peer that never answered (libzmq: false).
    public var immediate: Bool?
    /// `ZMQ_RECONNECT_IVL`: wait before reconnecting a dropped connection (libzmq: 100 ms).
    public var reconnectInterval: Duration?
    /// `ZMQ_RECONNECT_IVL_MAX`: cap of the exponential reconnect back-off (libzmq: 0, no back-off).
    public var reconnectIntervalMax: Duration?
    /// `ZMQ_HEARTBEAT_IVL`: send a ZMTP PING this often on idle connections (libzmq: off).
    public var heartbeatInterval: Duration?
    /// `ZMQ_HEARTBEAT_TIMEOUT`: drop a connection whose peer sends nothing for this long
    /// after a PING (libzmq: the heartbeat interval).
    public var heartbeatTimeout: Duration?
    /// `ZMQ_HEARTBEAT_TTL`: ask the peer to drop us if it hears nothing for this long.
    /// libzmq keeps deciseconds and allows at most 6553.5 s.
    public var heartbeatTTL: Duration?
    /// CURVE role and keys; `nil` leaves the NULL (plaintext) mechanism.
    public var curve: CurveSecurity?
    /// `ZMQ_ZAP_DOMAIN` with `ZMQ_ZAP_ENFORCE_DOMAIN`: every handshake on this socket must
    /// be approved by the context's ZAP handler (``ZAPHandler``) for this domain, and is
    /// refused when no handler runs. The socket also reads each received message's
    /// authenticated sender (``ReceivingSocket/lastSender``). Set it on every CURVE server.
    public var authenticationDomain: String?
    /// Bounds on one received message, enforced by this wrapper (frame count and total
    /// bytes); see ``MessageLimits``. Defaults to ``MessageLimits/standard``.
    public var messageLimits: MessageLimits

    /// Creates options; every argument defaults to libzmq's own default (see each property).
    public init(
        linger: Duration? = nil,
        sendHighWaterMark: Int32? = nil,
        receiveHighWaterMark: Int32? = nil,
        sendTimeout: Duration? = nil,
        receiveTimeout: Duration? = nil,
        maxMessageSize: Int64? = nil,
        immediate: Bool? = nil,
        reconnectInterval: Duration? = nil,
        reconnectIntervalMax: Duration? = nil,
        heartbeatInterval: Duration? = nil,
        heartbeatTimeout: Duration? = nil,
        heartbeatTTL: Duration? = nil,
        curve: CurveSecurity? = nil,
        authenticationDomain: String? = nil,
        messageLimits: MessageLimits = .standard
    ) {
        self.linger = linger
        self.sendHighWaterMark = sendHighWaterMark
        self.receiveHighWaterMark = receiveHighWaterMark
        self.sendTimeout = sendTimeout
        self.receiveTimeout = receiveTimeout
        self.maxMessageSize = maxMessageSize
        self.immediate = immediate
        self.reconnectInterval = reconnectInterval
        self.reconnectIntervalMax = reconnectIntervalMax
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatTimeout = heartbeatTimeout
        self.heartbeatTTL = heartbeatTTL
        self.curve = curve
        self.authenticationDomain = authenticationDomain
        self.messageLimits = messageLimits
    }

    /// Applies every non-nil option to a freshly created socket.
    func apply(to core: SocketCore) throws {
        try core.setOption(ZMQ_LINGER, "ZMQ_LINGER", duration: linger ?? .zero)
        if let sendHighWaterMark { try core.setOption(ZMQ_SNDHWM, "ZMQ_SNDHWM", int: sendHighWaterMark) }
        if let receiveHighWaterMark {
            try core.setOption(ZMQ_RCVHWM, "ZMQ_RCVHWM", int: receiveHighWaterMark)
        }
        if let sendTimeout { try core.setOption(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO", duration: sendTimeout) }
        if let receiveTimeout {
            try core.setOption(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO", duration: receiveTimeout)
        }
        if let maxMessageSize { try core.setOption(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE", int64: maxMessageSize) }
        if let immediate { try core.setOption(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE", bool: immediate) }
        if let reconnectInterval {
            try core.setOption(ZMQ_RECONNECT_IVL, "ZMQ_RECONNECT_IVL", duration: reconnectInterval)
        }
        if let reconnectIntervalMax {
            try core.setOption(ZMQ_RECONNECT_IVL_MAX, "ZMQ_RECONNECT_IVL_MAX", duration: reconnectIntervalMax)
        }
        if let heartbeatInterval {
            try core.setOption(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL", duration: heartbeatInterval)
        }
        if let heartbeatTimeout {
            try core.setOption(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT", duration: heartbeatTimeout)
        }
        if let heartbeatTTL { try core.setOption(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL", duration: heartbeatTTL) }
        if let authenticationDomain {
            try core.setOption(ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN", bytes: Array(authenticationDomain.utf8))
            try core.setOption(ZMQ_ZAP_ENFORCE_DOMAIN, "ZMQ_ZAP_ENFORCE_DOMAIN", bool: true)
        }
        switch curve {
        case .none:
            break
        case .server(let keys):
            try core.setOption(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER", bool: true)
            try core.setOption(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", bytes: keys.secretKey.bytes)
            try core.setOption(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", bytes: keys.publicKey.bytes)
        case .client(let serverPublicKey, let keys):
            try core.setOption(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY", bytes: serverPublicKey.bytes)
            try core.setOption(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", bytes: keys.publicKey.bytes)
            try core.setOption(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", bytes: keys.secretKey.bytes)
        }
    }
}
