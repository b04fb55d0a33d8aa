import ZeroMQ

/// Socket options every SeedFL socket uses: bounded frames, no linger on close (a role
/// that stops must not hang on unsent data; durability lives in the ledger, not in
/// socket queues), and a reconnect interval short enough for chaos restarts.
public enum SocketDefaults {
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
