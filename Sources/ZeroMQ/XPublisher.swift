import CZeroMQ

/// An XPUB socket: a PUB that also receives its subscribers' subscription messages
/// (first byte 1 = subscribe, 0 = unsubscribe, then the prefix). The backend of a forwarder,
/// and, in manual mode, a publisher that decides which subscriptions it keeps.
public final class XPublisher: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_XPUB` socket in `context` with `options` applied before any bind or connect.
    ///
    /// - Parameter manual: `ZMQ_XPUB_MANUAL`. A subscription then takes effect only when
    ///   the application passes it to ``confirm(_:)`` right after receiving it, so a peer
    ///   cannot grow the subscription table with prefixes the application does not serve.
    ///   Subscriptions of a peer that leaves are dropped by libzmq either way.
    /// - Throws: ZeroMQError from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, manual: Bool = false, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_XPUB, options: options)
        if manual {
            do {
                try core.setOption(ZMQ_XPUB_MANUAL, "ZMQ_XPUB_MANUAL", bool: true)
            } catch {
                core.close(lingerMilliseconds: 0)
                throw error
            }
        }
    }

    /// Applies a subscription message just received (manual mode) to the peer that sent it:
    /// `ZMQ_SUBSCRIBE` or `ZMQ_UNSUBSCRIBE` with the prefix after the first byte.
    /// - Throws: ``ZeroMQError`` with `EINVAL` for a message that is not a subscription.
    public func confirm(_ subscription: [UInt8]) throws {
        guard let kind = subscription.first, kind <= 1 else {
            throw ZeroMQError(errno: EINVAL, operation: "XPublisher.confirm")
        }
        let prefix = Array(subscription.dropFirst())
        if kind == 1 {
            try core.setOption(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", bytes: prefix)
        } else {
            try core.setOption(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE", bytes: prefix)
        }
    }
}
