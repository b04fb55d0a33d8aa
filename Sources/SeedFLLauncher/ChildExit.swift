import Foundation
import SeedFLNode

/// How a child process ended, decoded from `waitpid`'s status word.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// Returned from `main` or called `exit` with this code.
    case exited(Int32)
    /// Killed by this signal.
    case signaled(Int32)

    /// Decodes a raw `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros are not
    /// importable into Swift, so the bit layout is spelled out: low 7 bits = signal).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// True for a clean `exit(0)`.
    public var isSuccess: Bool { self == .exited(0) }

    /// "exit code 3" or "killed by signal 9 (Killed)".
    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
    }
}

/// A child that has ended, as reported by ``Supervisor/reap()`` and ``Supervisor/stop(grace:)``.
public struct ChildExit: Sendable, Hashable, CustomStringConvertible {
    /// The child's ``ChildCommand/name``.
    public var name: String
    /// Its process id (already reaped: do not signal it).
    public var pid: pid_t
    /// How it ended.
    public var status: ExitStatus
    /// True when the supervisor had asked it to stop (SIGTERM) before it ended: such an
    /// exit is part of shutting down, not a failure of the run.
    public var stopRequested: Bool
    /// True when it ignored SIGTERM for the whole grace period and was SIGKILLed.
    public var forced: Bool
    /// Copied from its ``ChildCommand``.
    public var isExpendable: Bool
    /// Its peak resident memory in bytes (nil when the kernel did not say).
    public var peakResidentBytes: Int? = nil
    /// The CPU time (user + system) it used, in seconds (nil when the kernel did not say).
    public var cpuSeconds: Double? = nil

    /// "trainer-1 (pid 42) killed by signal 9 (Killed)".
    public var description: String {
        "\(name) (pid \(pid)) \(status)\(forced ? " after ignoring SIGTERM" : "")"
    }
}
