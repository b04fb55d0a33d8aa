import Foundation

/// Counts refused messages by reason, and logs the first few of each reason.
///
/// Bad input is refused, not fatal: every role routes every frame it cannot use through
/// one of these, so a run's summary can say exactly what was dropped and why.
public final class DropCounter {
    public private(set) var counts: [String: Int] = [:]
    private let log: RoleLog
    private let logFirst: Int

    public init(log: RoleLog, logFirst: Int = 5) {
        self.log = log
        self.logFirst = logFirst
    }

    /// Records one dropped message.
    public func drop(_ reason: DropReason, detail: String = "") {
        let n = (counts[reason.rawValue] ?? 0) + 1
        counts[reason.rawValue] = n
        if n <= logFirst {
            log.warn("dropped (\(reason))\(detail.isEmpty ? "" : ": \(detail)")\(n == logFirst ? " [further drops of this kind are counted silently]" : "")")
        }
    }

    public var total: Int { counts.values.reduce(0, +) }
}
