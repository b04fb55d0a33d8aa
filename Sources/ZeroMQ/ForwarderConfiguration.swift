/// How a socket joins the network: it binds an endpoint or connects to one.
public enum Attachment: Sendable, Hashable {
    /// `zmq_bind` to the endpoint (wildcard tcp ports allowed).
    case bind(String)
    /// `zmq_connect` to the endpoint.
    case connect(String)
}

/// The two sides of a PUB/SUB forwarder (see ``Forwarder``).
public struct ForwarderConfiguration: Sendable, Equatable {
    /// Where the XSUB frontend attaches; publishers connect (or are connected) here.
    public var frontend: [Attachment]
    /// Where the XPUB backend attaches; subscribers connect (or are connected) here.
    public var backend: [Attachment]
    /// Options of the XSUB frontend (set ``SocketOptions/maxMessageSize`` for untrusted publishers).
    public var frontendOptions: SocketOptions
    /// Options of the XPUB backend.
    public var backendOptions: SocketOptions

    /// Creates a configuration; options default to libzmq's (see ``SocketOptions``).
    public init(
        frontend: [Attachment],
        backend: [Attachment],
        frontendOptions: SocketOptions = SocketOptions(),
        backendOptions: SocketOptions = SocketOptions()
    ) {
        self.frontend = frontend
        self.backend = backend
        self.frontendOptions = frontendOptions
        self.backendOptions = backendOptions
    }
}

/// Why a forwarder's thread ended.
public enum ForwarderExit: Sendable, Equatable {
    /// It received `TERMINATE` from ``Forwarder/terminate()`` or the forwarder's release.
    case stopped
    /// Its context was shut down or terminated (`ETERM`).
    case contextTerminated
    /// `zmq_proxy_steerable` failed; the error carries the errno.
    case failed(ZeroMQError)
}
