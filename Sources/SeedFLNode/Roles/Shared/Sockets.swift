import ZeroMQ

/// Socket options every SeedFL socket uses: bounded frames, no linger on close (a role
/// that stops must not hang on unsent data; durability lives in the ledger, not in
/// socket queues), and a reconnect interval short enough for chaos restarts.
public enum SocketDefaults {
    /// The largest frame a publishing socket (the broker's XPUB, the forwarder's XPUB) takes
    /// from a subscriber. Subscribers send only subscription frames, and SeedFL's is one byte
    /// (subscribe to everything); libzmq stores prefixes in a trie it walks recursively, so
    /// one 150 KB prefix overflowed the stack of a forwarder that accepted frames as large as
    /// the run's biggest message. 1 KiB, not less: libzmq applies the bound to the CURVE
    /// handshake's commands too (its INITIATE is about 300 bytes), and a smaller one
    /// silently refuses every secure subscriber.
    public static let subscriptionFrameBytes = 1024

    public static func options(maxFrameBytes: Int, receiveHighWaterMark: Int32? = nil,
                               sendHighWaterMark: Int32? = nil) -> SocketOptions {
        var o = SocketOptions()
        o.linger = .zero
        o.maxMessageSize = Int64(maxFrameBytes)
        o.reconnectInterval = .milliseconds(100)
        o.reconnectIntervalMax = .milliseconds(1000)
        if let receiveHighWaterMark { o.receiveHighWaterMark = receiveHighWaterMark }
        if let sendHighWaterMark { o.sendHighWaterMark = sendHighWaterMark }
        return o
    }
}
