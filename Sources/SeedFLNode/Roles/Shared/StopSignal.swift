import Foundation

/// Process-wide "please stop" flag set by SIGTERM and SIGINT.
///
/// Role loops poll with short timeouts and check ``requested`` between polls; a signal
/// that interrupts `zmq_poll` surfaces as an `.interrupted` outcome, so a stop is noticed
/// within one poll period. The flag is a plain `sig_atomic_t`-sized word written only by
/// the signal handler, which is the one thing a handler may safely do.
public enum StopSignal {
    nonisolated(unsafe) private static var flag: Int32 = 0

    /// Installs the handlers (idempotent).
    public static func install() {
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        // A peer that disappears must not kill us through a broken pipe.
        signal(SIGPIPE, SIG_IGN)
    }

    /// True once a stop was requested (by a signal or by ``request()``).
    public static var requested: Bool { flag != 0 }

    /// Requests a stop from code (tests, end of run).
    public static func request() { flag = 1 }
}
