import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq call failed: which operation, and the `errno` it reported.
///
/// Modelled on swift-nio's `IOError`: the value says what failed (`operation`, e.g. `"bind"`
/// or `"setsockopt(ZMQ_LINGER)"`) and why (`errno`). Conditions that are normal in a
/// message loop (`EAGAIN`, `EINTR`, `ETERM` on send, receive and poll) are *not* thrown;
/// they are returned as ``ReceiveOutcome``, ``SendOutcome`` or ``PollOutcome`` cases.
public struct ZeroMQError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The error number, as reported by `zmq_errno()` (POSIX values, or libzmq's own
    /// values such as ``ZeroMQError/terminated`` above `ZMQ_HAUSNUMERO`).
    public var errno: Int32
    /// The operation that failed, named after the libzmq call or socket option.
    public var operation: String

    /// Creates an error for `operation` with an explicit error number.
    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
    }

    /// The error left by the most recent failed libzmq call on this thread.
    static func last(_ operation: String) -> ZeroMQError {
        ZeroMQError(errno: zmq_errno(), operation: operation)
    }

    /// libzmq's human-readable text for ``errno`` (`zmq_strerror`).
    public var reason: String {
        guard let text = zmq_strerror(errno) else { return "unknown error" }
        return String(cString: text)
    }

    /// For example `bind failed: Protocol not supported (errno 93)`.
    public var description: String {
        "\(operation) failed: \(reason) (errno \(errno))"
    }

    /// libzmq's `ETERM`: the socket's context was shut down or terminated. The C macro
    /// is an expression, which Swift does not import, so it is rebuilt here.
    public static let terminated: Int32 = ZMQ_HAUSNUMERO + 53
}
