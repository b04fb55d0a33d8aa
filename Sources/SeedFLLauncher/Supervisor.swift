import Foundation
import SeedFLNode

/// Starts child processes, relays their output line by line, notices when they end, and
/// stops them: SIGTERM first, SIGKILL for whoever is still there after the grace period.
///
/// Knows nothing about SeedFL roles: it runs any list of ``ChildCommand``s, which is what
/// lets its supervision be tested with `/bin/sh -c` children. Owned and driven by one
/// thread (the launcher's loop); only the output sink runs on the per-child reader threads.
public final class Supervisor {
    /// Directory of the `<name>.log` files (nil: no log files).
    public let logDirectory: String?
    private let output: @Sendable (String) -> Void
    private let environment: [String: String]
    private var running: [ChildProcess] = []

    /// How long to wait for an ended child's remaining output before reporting its exit:
    /// enough for the kernel to hand over what is buffered in the pipe, short enough that a
    /// grandchild holding the pipe open cannot stall the launcher.
    static let drainTimeout: Duration = .seconds(2)

    /// - Parameters:
    ///   - logDirectory: where each child's lines are appended to `<name>.log` (created if missing).
    ///   - environment: the children's environment (default: ours).
    ///   - output: receives every line of every child, already prefixed with `[name]`; it is
    ///     called from several reader threads at once, so it must be thread-safe.
    public init(logDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                output: @escaping @Sendable (String) -> Void) {
        self.logDirectory = logDirectory
        self.environment = environment
        self.output = output
    }

    /// Names of the children that have not ended yet, in start order.
    public var runningNames: [String] { running.map(\.command.name) }

    /// Process id of a running child.
    public func pid(of name: String) -> pid_t? { running.first { $0.command.name == name }?.pid }

    /// Starts `command`. Its log file is opened for appending (a resumed run keeps its history).
    public func start(_ command: ChildCommand) throws {
        var logPath: String?
        if let logDirectory {
            do {
                try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
            } catch {
                throw LauncherError(.spawnFailed, "cannot create log directory \(logDirectory): \(error.localizedDescription)")
            }
            logPath = logDirectory + "/" + command.name + ".log"
        }
        let environment = environment.filter { !command.withheldEnvironment.contains($0.key) }
        running.append(try ChildProcess.spawn(command, environment: environment, logPath: logPath, output: output))
    }

    /// Children that ended since the last call (never blocks on a running child). Each
    /// child's output is drained before its exit is reported, so its log is complete.
    public func reap() -> [ChildExit] {
        var exits: [ChildExit] = []
        running.removeAll { child in
            guard let status = child.poll() else { return false }
            child.pump.waitUntilDrained(timeout: Self.drainTimeout)
            exits.append(child.exit(status))
            return true
        }
        return exits
    }

    /// Sends SIGTERM to one running child (e.g. to restart it); its exit is reported by
    /// ``reap()`` with `stopRequested` set. Returns false when no such child runs.
    @discardableResult
    public func terminate(_ name: String) -> Bool {
        guard let child = running.first(where: { $0.command.name == name }) else { return false }
        child.stopRequested = true
        child.signal(SIGTERM)
        return true
    }

    /// Sends `signal` to one running child's process group without marking it as asked to
    /// stop: a SIGKILL sent this way is reported by ``reap()`` as a crash, and SIGSTOP /
    /// SIGCONT pause and resume it (the chaos harness's faults). Returns false when no
    /// such child runs.
    @discardableResult
    public func send(_ signal: Int32, to name: String) -> Bool {
        guard let child = running.first(where: { $0.command.name == name }) else { return false }
        child.signal(signal)
        return true
    }

    /// Stops every running child: SIGTERM to all, up to `grace` for them to exit (roles
    /// write their final status on SIGTERM), then SIGKILL for the rest. Returns the exits of
    /// every child that had not been reported yet (including ones that ended before).
    public func stop(grace: Duration) -> [ChildExit] {
        var exits = reap()
        for child in running {
            child.stopRequested = true
            child.signal(SIGTERM)
            // A child paused with SIGSTOP would hold SIGTERM pending for the whole grace
            // period; continuing it lets it exit cleanly (a no-op for a running child).
            child.signal(SIGCONT)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while !running.isEmpty && clock.now < deadline {
            exits += reap()
            if !running.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        }
        for child in running {
            child.forced = true
            child.signal(SIGKILL)
            let status = child.waitBlocking()
            child.pump.waitUntilDrained(timeout: Self.drainTimeout)
            exits.append(child.exit(status))
        }
        running.removeAll()
        return exits
    }

    /// Last resort for a supervisor dropped while children still run (a thrown error
    /// between start and stop): kill them rather than leave orphans.
    deinit {
        for child in running {
            child.signal(SIGKILL)
            _ = child.waitBlocking()
        }
    }
}
