#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions from `Duration` to the whole milliseconds that libzmq options take.
extension Duration {
    /// The duration in whole milliseconds (truncated), checked to fit a C `int` option.
    ///
    /// - Throws: ``ZeroMQError`` with `EINVAL` for a negative duration or one above
    ///   `Int32.max` ms (~24.8 days): libzmq would reject or misread it.
    func zmqMilliseconds(for operation: String) throws -> Int32 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else {
            throw ZeroMQError(errno: EINVAL, operation: operation)
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let total = overflow ? Int64.max : scaled &+ attoseconds / 1_000_000_000_000_000
        guard !overflow, total <= Int64(Int32.max) else {
            throw ZeroMQError(errno: EINVAL, operation: operation)
        }
        return Int32(total)
    }
}
