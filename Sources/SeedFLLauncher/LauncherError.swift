import Foundation
import SeedFLNode

/// Why `seedfl up` (or one of its parts) could not do its job: what failed, why, and
/// the errno when a system call failed.
public struct LauncherError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; callers branch on this, people read ``message``.
    public enum Code: String, Sendable, CaseIterable {
        /// An option has a value the launcher cannot use.
        case invalidArgument
        /// A child process could not be started (`posix_spawn`, `pipe` or opening its log).
        case spawnFailed
        /// The run directory could not be created, read or cleaned.
        case runDirectory
        /// The run directory holds the ledger of a different run.
        case foreignRun
        /// A role that the run cannot do without exited without being asked to.
        case childDied
        /// `--timeout` expired before the run finished.
        case timedOut
        /// We were asked to stop (SIGINT/SIGTERM) before the run finished.
        case interrupted
        /// The summary could not be written.
        case summary
        /// The run stopped (timeout or signal) while the broker could not write the ledger
        /// (a full disk): nothing is lost, and `seedfl up` resumes once there is space.
        case storage
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and why, naming the file, role or option involved.
    public var message: String
    /// `errno` of the failed system call, when one failed.
    public var errno: Int32?

    /// An error of kind `code`; pass `errno` when a system call failed.
    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// `code: message`, plus the errno and its text when there is one.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let errno { text += " (errno \(errno): \(String(cString: strerror(errno))))" }
        return text
    }
}
