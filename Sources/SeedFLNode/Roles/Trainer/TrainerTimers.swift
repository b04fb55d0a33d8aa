/// The trainer's timers under the ``RoleRuntime``: its heartbeat, delivering the worker's
/// finished contribution, and housekeeping.
final class TrainerTimers: RoleTimers {
    unowned let trainer: Trainer
    let sockets: Trainer.Sockets

    init(trainer: Trainer, sockets: Trainer.Sockets) {
        self.trainer = trainer
        self.sockets = sockets
    }

    func heartbeat(now: ContinuousClock.Instant) { trainer.sendHeartbeat(sockets) }

    func tick(now: ContinuousClock.Instant) {
        trainer.deliverFinishedContribution(sockets)
        trainer.housekeeping(sockets)
    }

    /// While the worker computes, look for its result often: it is sent as soon as it is ready.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        trainer.worker.computingRound == nil ? nil : now + .milliseconds(10)
    }
}
