import Foundation
import SeedFLNode

/// A spawned child: its pid, its output pump and what the supervisor did to it.
///
/// The child runs in its own process group (so a terminal's Ctrl-C reaches only the
/// launcher, which then stops the children in order) and is signalled through the group,
/// so anything it spawned is stopped with it and cannot keep its output pipe open.
final class ChildProcess {
    let command: ChildCommand
    let pid: pid_t
    let pump: OutputPump
    var stopRequested = false
    var forced = false

    private init(command: ChildCommand, pid: pid_t, pump: OutputPump) {
        self.command = command
        self.pid = pid
        self.pump = pump
    }

    /// Spawns `command` with stdin from /dev/null and stdout+stderr into one pipe.
    static func spawn(_ command: ChildCommand, environment: [String: String], logPath: String?,
                      output: @escaping @Sendable (String) -> Void) throws -> ChildProcess {
        var logFD: Int32?
        if let logPath {
            let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw LauncherError(.spawnFailed, "cannot open log file \(logPath) for \(command.name)", errno: errno)
            }
            logFD = fd
        }
        var fds: [Int32] = [-1, -1]
        // pipe2 is not exported by Swift's Glibc module; only this thread spawns, so setting
        // close-on-exec right after pipe() cannot leak the ends into another child.
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            let e = errno
            if let logFD { close(logFD) }
            throw LauncherError(.spawnFailed, "cannot create the output pipe for \(command.name)", errno: e)
        }
        let (readFD, writeFD) = (fds[0], fds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Ignored signals survive exec: the launcher ignores SIGPIPE (StopSignal.install), so
        // reset it and the stop signals to their defaults, and start with nothing blocked.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command.executable, &actions, &attributes, argv, envp)
        close(writeFD) // Only the child holds the write end now: EOF means the child is gone.
        guard result == 0 else {
            close(readFD)
            if let logFD { close(logFD) }
            throw LauncherError(.spawnFailed, "cannot start \(command.name) (\(command.executable))", errno: result)
        }
        let pump = OutputPump(name: command.name, readFD: readFD, logFD: logFD, output: output)
        return ChildProcess(command: command, pid: pid, pump: pump)
    }

    /// Sends `signal` to the child's process group (the child and whatever it spawned).
    func signal(_ signal: Int32) {
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    /// The child's peak resident memory in bytes, known once it has been reaped.
    ///
    /// Linux's `ru_maxrss` (from `wait4`) counts the launcher's own resident pages too: exec
    /// records the high-water mark of the address space the child shared with its parent.
    /// So while the child runs, every ``poll()`` reads its own high-water mark (`VmHWM` in
    /// `/proc/<pid>/status`, kept by the kernel since exec), and the largest value read is
    /// reported; `ru_maxrss` is the fallback for a child that ended before any reading.
    private(set) var peakResidentBytes: Int?
    /// CPU time (user + system) the child used, known once it has been reaped (`wait4`'s
    /// own-process usage: unlike `ru_maxrss` it starts at zero for every child).
    private(set) var cpuSeconds: Double?
    /// The largest `VmHWM` read so far, in bytes.
    private var sampledPeak: Int?

    /// Reads the child's own peak resident memory so far (nil once it has exited).
    private func samplePeak() {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status"),
              let text = String(data: data, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        else { return }
        sampledPeak = max(sampledPeak ?? 0, kib * 1024)
    }

    /// The exit status if the child has ended (reaping it), nil while it runs.
    func poll() -> ExitStatus? {
        var status: Int32 = 0
        var usage = rusage()
        samplePeak()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid {
                record(usage)
                return ExitStatus(waitStatus: status)
            }
            if r < 0 && errno == EINTR { continue }
            // r == 0: still running. r < 0 (ECHILD) cannot happen for our own unreaped
            // child; treat it as running rather than inventing a status.
            return nil
        }
    }

    /// Blocks until the child ends; only used after SIGKILL, which cannot be ignored.
    func waitBlocking() -> ExitStatus {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return .signaled(SIGKILL) }
        }
        record(usage)
        return ExitStatus(waitStatus: status)
    }

    /// Keeps what the kernel reported about the reaped child.
    private func record(_ usage: rusage) {
        peakResidentBytes = sampledPeak ?? Int(usage.ru_maxrss) * 1024
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    func exit(_ status: ExitStatus) -> ChildExit {
        ChildExit(name: command.name, pid: pid, status: status, stopRequested: stopRequested, forced: forced,
                  isExpendable: command.isExpendable, peakResidentBytes: peakResidentBytes,
                  cpuSeconds: cpuSeconds)
    }
}
