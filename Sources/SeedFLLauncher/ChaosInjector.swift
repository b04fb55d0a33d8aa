import Foundation
import SeedFLCore
import SeedFLNode

/// Carries out a ``ChaosSchedule`` on a running ``Supervisor``: SIGKILLs and later restarts
/// (with the same command line), SIGSTOPs and later SIGCONTs, and notices every exit.
///
/// Driven by one thread (the chaos loop) through ``tick(now:status:faultsAllowed:)``; a
/// process is restarted only after its death has been reaped, so two copies of a role never
/// run at once (two brokers would fight over the ledger's writer lock).
final class ChaosInjector {
    private let supervisor: Supervisor
    private let commands: [String: ChildCommand]
    private let trainerNames: [String]
    private var schedule: ChaosSchedule
    private let maxTrainerFaults: Int?
    private let say: (String) -> Void
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    private var nextMilestone = 0
    private var pendingFault: ChaosSchedule.TrainerFault
    /// Nil until the first commit: faults during start-up would only delay the first round
    /// (the broker waits for its trainers), not interrupt one.
    private var pendingFaultAt: ContinuousClock.Instant?
    private(set) var trainerFaults = 0

    /// SIGKILLed by us, not reaped yet.
    private var killed: Set<String> = []
    /// Dead (killed or crashed) -> when to start it again.
    private var restartAt: [String: ContinuousClock.Instant] = [:]
    /// Paused -> when to continue it.
    private var resumeAt: [String: ContinuousClock.Instant] = [:]

    private(set) var killsByRole: [String: Int] = [:]
    /// Every SIGKILL of a trainer, with its wall-clock time (for ``ChaosDetection``).
    private(set) var trainerKills: [ChaosDetection.Kill] = []
    private(set) var restarts = 0
    private(set) var pauses = 0
    private(set) var unexpectedExits: [String] = []

    init(supervisor: Supervisor, commands: [ChildCommand], schedule: ChaosSchedule, maxTrainerFaults: Int?,
         started: ContinuousClock.Instant, say: @escaping (String) -> Void) {
        self.supervisor = supervisor
        self.commands = Dictionary(uniqueKeysWithValues: commands.map { ($0.name, $0) })
        self.trainerNames = commands.filter(\.isExpendable).map(\.name)
        self.schedule = schedule
        self.maxTrainerFaults = maxTrainerFaults
        self.started = started
        self.say = say
        pendingFault = self.schedule.nextTrainerFault()
    }

    /// Total SIGKILLs sent.
    var kills: Int { killsByRole.values.reduce(0, +) }

    /// True when nothing is down or paused: every process of the run is running.
    var everythingUp: Bool { killed.isEmpty && restartAt.isEmpty && resumeAt.isEmpty }

    /// One step: reap exits, restart and resume what is due, then (when `faultsAllowed`)
    /// inject the milestone kill or trainer fault that is due.
    func tick(now: ContinuousClock.Instant, status: RunStatus, faultsAllowed: Bool) throws {
        for exit in supervisor.reap() {
            if killed.remove(exit.name) == nil {
                // A role died without being killed: a finding, and it is restarted so the
                // run (and the other checks) can go on.
                unexpectedExits.append("\(elapsed(now)): \(exit)")
                say("\(exit) without being killed: restarting it (this fails the run)")
                restartAt[exit.name] = now + .milliseconds(500)
            }
        }
        for (name, at) in restartAt where at <= now && !killed.contains(name) {
            guard let command = commands[name] else { continue }
            try supervisor.start(command)
            restartAt[name] = nil
            restarts += 1
            say("restarted \(name)")
        }
        for (name, at) in resumeAt where at <= now {
            supervisor.send(SIGCONT, to: name)
            resumeAt[name] = nil
            say("SIGCONT \(name)")
        }
        guard faultsAllowed else { return }
        let committed = status.broker?.roundsCommitted ?? 0
        injectMilestone(now: now, committed: committed)
        if pendingFaultAt == nil && committed > 0 { pendingFaultAt = now + Self.duration(pendingFault.gapSeconds) }
        injectTrainerFault(now: now)
    }

    /// Continues every paused process (before the final stop).
    func resumeAll() {
        for name in resumeAt.keys { supervisor.send(SIGCONT, to: name) }
        resumeAt.removeAll()
    }

    private func injectMilestone(now: ContinuousClock.Instant, committed: Int) {
        guard nextMilestone < schedule.milestones.count else { return }
        let milestone = schedule.milestones[nextMilestone]
        let name = milestone.target.childName
        // One fault per process at a time: wait until it is back if it is down.
        guard committed >= milestone.afterRounds, isUp(name) else { return }
        nextMilestone += 1
        kill(name, role: milestone.target == .broker ? "broker" : "aggregator", down: milestone.downSeconds,
             now: now, why: "after \(committed) committed rounds")
    }

    private func injectTrainerFault(now: ContinuousClock.Instant) {
        if let maxTrainerFaults, trainerFaults >= maxTrainerFaults { return }
        guard let pendingFaultAt, now >= pendingFaultAt else { return }
        let fault = pendingFault
        pendingFault = schedule.nextTrainerFault()
        self.pendingFaultAt = now + Self.duration(pendingFault.gapSeconds)
        let candidates = trainerNames.filter(isUp)
        guard !candidates.isEmpty else { return }
        trainerFaults += 1
        let name = candidates[Int(fault.pick % UInt64(candidates.count))]
        if fault.isPause {
            supervisor.send(SIGSTOP, to: name)
            resumeAt[name] = now + Self.duration(fault.downSeconds)
            pauses += 1
            say("SIGSTOP \(name) for \(String(format: "%.2f", fault.downSeconds)) s")
        } else {
            kill(name, role: "trainer", down: fault.downSeconds, now: now, why: "")
        }
    }

    private func kill(_ name: String, role: String, down: Double, now: ContinuousClock.Instant, why: String) {
        guard supervisor.send(SIGKILL, to: name) else { return }
        // A group process takes all of its trainers with it.
        let at = Int64(Date().timeIntervalSince1970 * 1000)
        trainerKills += (commands[name]?.trainers ?? []).map { .init(trainer: $0, unixMilliseconds: at) }
        killed.insert(name)
        restartAt[name] = now + Self.duration(down)
        killsByRole[role, default: 0] += 1
        say("SIGKILL \(name)\(why.isEmpty ? "" : " " + why); restart in \(String(format: "%.2f", down)) s")
    }

    private func isUp(_ name: String) -> Bool {
        !killed.contains(name) && restartAt[name] == nil && resumeAt[name] == nil
            && supervisor.runningNames.contains(name)
    }

    private func elapsed(_ now: ContinuousClock.Instant) -> String {
        String(format: "%.1f s", (now - started).inSeconds)
    }

    static func duration(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * 1000).rounded())) }
}
