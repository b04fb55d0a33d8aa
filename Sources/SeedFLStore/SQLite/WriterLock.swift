#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on `<ledger>-writer.lock`, held for as long as a
/// `Ledger` is open for writing.
///
/// The broker is the ledger's single writer; a second broker on the same file (an old one not
/// yet dead, a mistyped command) would race it for sequence numbers. SQLite's own locks only
/// serialise transactions, so this lock makes "one writer process" explicit. It lives in a
/// separate file because SQLite uses POSIX record locks on the database file, and closing any
/// other descriptor of that file would silently drop them. The kernel releases a `flock` when
/// its holder dies, even by SIGKILL, so a crashed broker never leaves the ledger locked.
final class WriterLock {
    private var descriptor: Int32

    /// Takes the lock without waiting; throws `.writerLocked` when another holder has it.
    init(ledgerPath: String) throws {
        let lockPath = ledgerPath + "-writer.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw LedgerError(.cannotOpen, "cannot open writer lock file \(lockPath): \(reason)", path: ledgerPath)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw LedgerError(.writerLocked, "another process holds \(lockPath); a ledger has one writer",
                                  path: ledgerPath)
            }
            throw LedgerError(.cannotOpen, "cannot lock \(lockPath): \(String(cString: strerror(code)))",
                              path: ledgerPath)
        }
        descriptor = fd
    }

    deinit { release() }

    /// Releases the lock. Idempotent.
    func release() {
        guard descriptor >= 0 else { return }
        // Closing the descriptor releases the flock.
        _ = close(descriptor)
        descriptor = -1
    }
}
