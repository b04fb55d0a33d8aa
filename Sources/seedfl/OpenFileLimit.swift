import Glibc

/// Raises this process's soft limit on open files to its hard limit.
///
/// Why: every ZeroMQ connection is a file descriptor, and the usual soft limit is 1,024. A
/// broker serving 500 trainers without a forwarder holds two connections per trainer (the
/// broadcast and the control socket) and ran out; the hard limit (often 2^20) is what the
/// administrator allows, and nothing is gained by stopping short of it. Every role gets it,
/// since a trainer host may run many trainers and an aggregator may collect from many.
enum OpenFileLimit {
    /// Sets the soft `RLIMIT_NOFILE` to the hard one; leaves it alone if that fails.
    static func raiseToHardLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
