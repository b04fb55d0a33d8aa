import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libzmq socket behind every socket kind: the handle, its context, counters and limits.
///
/// Public only so that the ``Socket`` protocol can name it; all members are internal.
/// Not `Sendable`: a libzmq socket must be used by one thread at a time, so it is created
/// and used on one thread (the libzmq API's rule for non-thread-safe sockets).
public final class SocketCore {
    /// The libzmq socket; `nil` once closed.
    private(set) var handle: UnsafeMutableRawPointer?
    /// Retained so that the context outlives the socket (`zmq_ctx_term` waits for it).
    let context: Context
    /// Bounds on received messages.
    let limits: MessageLimits
    /// Traffic counted at this socket.
    var counters = SocketCounters()
    /// Whether received messages carry ZAP metadata worth reading (an authenticating socket).
    let readsSender: Bool
    /// The authenticated sender of the last message received, when ``readsSender``.
    var lastSender: AuthenticatedPeer?

    /// Creates a libzmq socket of `type` and applies `options` before anything else.
    init(context: Context, type: Int32, options: SocketOptions) throws {
        let handle = try context.makeSocket(type: type)
        self.handle = handle
        self.context = context
        self.limits = options.messageLimits
        self.readsSender = options.authenticationDomain != nil
        do {
            try options.apply(to: self)
        } catch {
            close(lingerMilliseconds: 0)
            throw error
        }
    }

    /// The open handle, or `ENOTSOCK` for `operation` once the socket is closed.
    func open(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZeroMQError(errno: ENOTSOCK, operation: operation) }
        return handle
    }

    /// Sets `ZMQ_LINGER` and closes the socket. `zmq_close` never blocks; the linger only
    /// bounds how long ``Context/terminate()`` waits for unsent messages.
    func close(lingerMilliseconds: Int32) {
        guard let handle else { return }
        var linger = lingerMilliseconds
        // Both calls only fail for an invalid socket, which `handle` cannot be here.
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        zmq_close(handle)
        self.handle = nil
    }

    /// Closes with the socket's configured linger (``SocketOptions/linger``, zero when
    /// unset). Never blocks, whatever the linger.
    deinit {
        if let handle { zmq_close(handle) }
    }

    // MARK: Options

    /// Sets a C `int` option.
    func setOption(_ name: Int32, _ label: String, int value: Int32) throws {
        var value = value
        try setOption(name, label, pointer: &value, size: MemoryLayout<Int32>.size)
    }

    /// Sets a boolean option (a C `int` of 0 or 1).
    func setOption(_ name: Int32, _ label: String, bool value: Bool) throws {
        try setOption(name, label, int: value ? 1 : 0)
    }

    /// Sets an `int64_t` option (only `ZMQ_MAXMSGSIZE` among ours).
    func setOption(_ name: Int32, _ label: String, int64 value: Int64) throws {
        var value = value
        try setOption(name, label, pointer: &value, size: MemoryLayout<Int64>.size)
    }

    /// Sets a millisecond option from a `Duration`.
    func setOption(_ name: Int32, _ label: String, duration: Duration) throws {
        try setOption(name, label, int: try duration.zmqMilliseconds(for: "setsockopt(\(label))"))
    }

    /// Sets a binary option (keys, subscriptions, routing ids).
    func setOption(_ name: Int32, _ label: String, bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            try setOption(name, label, pointer: raw.baseAddress, size: raw.count)
        }
    }

    private func setOption(_ name: Int32, _ label: String, pointer: UnsafeRawPointer?, size: Int) throws {
        let handle = try open("setsockopt(\(label))")
        guard zmq_setsockopt(handle, name, pointer, size) == 0 else {
            throw ZeroMQError.last("setsockopt(\(label))")
        }
    }

    /// Reads a C `int` option.
    func intOption(_ name: Int32, _ label: String) throws -> Int32 {
        let handle = try open("getsockopt(\(label))")
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, name, &value, &size) == 0 else {
            throw ZeroMQError.last("getsockopt(\(label))")
        }
        return value
    }

    /// Reads an `int64_t` option.
    func int64Option(_ name: Int32, _ label: String) throws -> Int64 {
        let handle = try open("getsockopt(\(label))")
        var value: Int64 = 0
        var size = MemoryLayout<Int64>.size
        guard zmq_getsockopt(handle, name, &value, &size) == 0 else {
            throw ZeroMQError.last("getsockopt(\(label))")
        }
        return value
    }

    /// Reads a binary option of at most `capacity` bytes. The default, 255, is the
    /// longest `ZMQ_ROUTING_ID`; CURVE keys must be read with exactly 32 (libzmq's rule).
    func bytesOption(_ name: Int32, _ label: String, capacity: Int = 255) throws -> [UInt8] {
        let handle = try open("getsockopt(\(label))")
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = buffer.count
        guard zmq_getsockopt(handle, name, &buffer, &size) == 0 else {
            throw ZeroMQError.last("getsockopt(\(label))")
        }
        return Array(buffer.prefix(size))
    }

    /// Reads a NUL-terminated string option such as `ZMQ_LAST_ENDPOINT`.
    func stringOption(_ name: Int32, _ label: String) throws -> String {
        let handle = try open("getsockopt(\(label))")
        // An option value, not a message: endpoints are bounded (ipc paths by sun_path's
        // 108 bytes, tcp by host name length), so 1 KiB with a size check suffices.
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(handle, name, &buffer, &size) == 0 else {
            throw ZeroMQError.last("getsockopt(\(label))")
        }
        return String(nulTerminated: Array(buffer.prefix(size)))
    }
}
