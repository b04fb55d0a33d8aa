import Foundation

/// Process-wide "reload your allow-list" flag set by SIGHUP (the Unix convention for
/// re-reading configuration). A role's heartbeat takes it with ``take()``.
public enum ReloadSignal {
    nonisolated(unsafe) private static var flag: Int32 = 0

    /// Installs the handler (idempotent).
    public static func install() {
        signal(SIGHUP) { _ in ReloadSignal.flag = 1 }
    }

    /// Whether a SIGHUP arrived since the last call, clearing the flag.
    public static func take() -> Bool {
        guard flag != 0 else { return false }
        flag = 0
        return true
    }
}
