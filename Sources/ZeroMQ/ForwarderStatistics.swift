/// The traffic of a ``Forwarder``'s two sockets since its proxy started, as libzmq counts it
/// (payload bytes, as ``SocketCounters`` count them elsewhere; `messagesRejected` stays 0).
public struct ForwarderStatistics: Sendable, Equatable {
    /// The XSUB side: broadcast frames received from the publisher, subscriptions sent to it.
    public var frontend: SocketCounters
    /// The XPUB side: broadcast frames sent to subscribers, subscriptions received from them.
    public var backend: SocketCounters

    public init(frontend: SocketCounters, backend: SocketCounters) {
        self.frontend = frontend
        self.backend = backend
    }
}
