import CZeroMQ

/// A SUB socket: receives the messages of connected publishers whose first frame starts
/// with one of its subscribed prefixes. It receives nothing until it subscribes.
///
/// A subscription reaches the publisher asynchronously after the connection is made;
/// whatever is published before that is lost (the "slow joiner").
public final class Subscriber: ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_SUB` socket in `context` with `options` applied before any bind or connect.
    /// - Throws: ``ZeroMQError`` from `zmq_socket` (`ETERM` after shutdown) or from an option.
    public init(context: Context, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_SUB, options: options)
    }

    /// Receives messages whose first frame starts with `prefix`; an empty prefix matches
    /// everything. Subscriptions are counted: subscribing twice needs two unsubscribes.
    /// - Throws: ``ZeroMQError`` with operation `"setsockopt(ZMQ_SUBSCRIBE)"`.
    public func subscribe(_ prefix: [UInt8]) throws {
        try core.setOption(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", bytes: prefix)
    }

    /// Subscribes to the UTF-8 bytes of `prefix`, as the byte-prefix `subscribe(_:)` does.
    public func subscribe(_ prefix: String) throws {
        try subscribe(Array(prefix.utf8))
    }

    /// Removes one earlier subscription to exactly `prefix`.
    /// - Throws: ``ZeroMQError`` with operation `"setsockopt(ZMQ_UNSUBSCRIBE)"`.
    public func unsubscribe(_ prefix: [UInt8]) throws {
        try core.setOption(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE", bytes: prefix)
    }

    /// Removes one earlier subscription to the UTF-8 bytes of `prefix`.
    public func unsubscribe(_ prefix: String) throws {
        try unsubscribe(Array(prefix.utf8))
    }
}
