/// The trainer's timers under the ``RoleRuntime``: its heartbeat, delivering the worker's
/// finished contribution, and housekeeping.
final class TrainerTimers: RoleTimers {
    unowned let trainer: Trainer
    let sockets: Trainer.Sockets
    let handshakes: HandshakeWatch

    init(trainer: Trainer, sockets: Trainer.Sockets, handshakes: HandshakeWatch) {
        self.trainer = trainer
        self.sockets = sockets
        self.handshakes = handshakes
    }

    /// The servers keep refusing this trainer's key: nothing it does can help (``Trainer/serve()`` says why).
    var isFinished: Bool { handshakes.authenticationFailures > 0 }

    func heartbeat(now: ContinuousClock.Instant) { trainer.sendHeartbeat(sockets) }

    func tick(now: ContinuousClock.Instant) {
        trainer.applyBacklog(sockets)
        trainer.deliverFinishedContribution(sockets)
        trainer.housekeeping(sockets)
    }

    /// Queued commits are applied at once (a budget at a time); while the worker computes,
    /// its result is looked for often, so it is sent as soon as it is ready.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        if !trainer.backlog.isEmpty { return now }
        return trainer.worker.computingRound == nil ? nil : now + .milliseconds(10)
    }
}
