import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every socket kind shares: endpoints, close, counters and introspection.
///
/// Conforming types are non-`Sendable` final classes: create a socket on the thread that
/// uses it and keep it there (libzmq sockets are not thread-safe). Options are given at
/// creation as ``SocketOptions``, so they are always in place before bind or connect.
public protocol Socket: AnyObject {
    /// The underlying libzmq socket; an implementation detail shared by the kinds.
    var core: SocketCore { get }
}

extension Socket {
    /// Binds to `endpoint` (`tcp://127.0.0.1:*`, `ipc:///path`, `inproc://name`, ...).
    ///
    /// - Returns: the endpoint actually bound (``lastEndpoint``), which resolves a wildcard
    ///   port such as `tcp://127.0.0.1:*` to the port the system chose.
    /// - Throws: ``ZeroMQError`` with operation `"bind"` (e.g. `EINVAL`, `EPROTONOSUPPORT`,
    ///   `EADDRINUSE`).
    @discardableResult
    public func bind(_ endpoint: String) throws -> String {
        let handle = try core.open("bind")
        guard zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError.last("bind") }
        return try lastEndpoint
    }

    /// Connects to `endpoint`. libzmq connects in the background and reconnects after a
    /// drop, so success means the endpoint was valid, not that a peer is there.
    /// - Throws: ``ZeroMQError`` with operation `"connect"`.
    public func connect(_ endpoint: String) throws {
        let handle = try core.open("connect")
        guard zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError.last("connect") }
    }

    /// Stops listening on an endpoint returned by ``bind(_:)``.
    /// - Throws: ``ZeroMQError`` with operation `"unbind"` (`ENOENT` if not bound).
    public func unbind(_ endpoint: String) throws {
        let handle = try core.open("unbind")
        guard zmq_unbind(handle, endpoint) == 0 else { throw ZeroMQError.last("unbind") }
    }

    /// Drops the connection made by ``connect(_:)`` to `endpoint`.
    /// - Throws: ``ZeroMQError`` with operation `"disconnect"` (`ENOENT` if not connected).
    public func disconnect(_ endpoint: String) throws {
        let handle = try core.open("disconnect")
        guard zmq_disconnect(handle, endpoint) == 0 else { throw ZeroMQError.last("disconnect") }
    }

    /// Closes the socket. Never blocks: `linger` bounds how long unsent messages may keep
    /// ``Context/terminate()`` waiting (`.zero` drops them at once). Idempotent; any later
    /// operation throws `ENOTSOCK`.
    /// - Throws: ``ZeroMQError`` with `EINVAL` for a negative or over-long `linger`.
    public func close(linger: Duration) throws {
        core.close(lingerMilliseconds: try linger.zmqMilliseconds(for: "close"))
    }

    /// Whether ``close(linger:)`` has been called.
    public var isClosed: Bool { core.handle == nil }

    /// The endpoint of the last bind or connect (`ZMQ_LAST_ENDPOINT`), with wildcard ports
    /// resolved; empty when there was none.
    /// - Throws: ``ZeroMQError`` with operation `"getsockopt(ZMQ_LAST_ENDPOINT)"`.
    public var lastEndpoint: String {
        get throws { try core.stringOption(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT") }
    }

    /// Messages and payload bytes sent and received through this socket.
    public var counters: SocketCounters { core.counters }

    /// The context this socket belongs to (and keeps alive).
    public var context: Context { core.context }

    /// The effective `ZMQ_MAXMSGSIZE` in bytes, -1 for unlimited (read back from libzmq).
    /// - Throws: ``ZeroMQError`` with operation `"getsockopt(ZMQ_MAXMSGSIZE)"`.
    public var maxMessageSize: Int64 {
        get throws { try core.int64Option(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE") }
    }

    /// The effective `ZMQ_LINGER` in milliseconds, -1 for infinite (read back from libzmq).
    /// - Throws: ``ZeroMQError`` with operation `"getsockopt(ZMQ_LINGER)"`.
    public var lingerMilliseconds: Int32 {
        get throws { try core.intOption(ZMQ_LINGER, "ZMQ_LINGER") }
    }
}
