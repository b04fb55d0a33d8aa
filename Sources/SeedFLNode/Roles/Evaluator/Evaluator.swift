import Foundation
import SeedFLCore
import SeedFLWire
import ZeroMQ

/// The evaluator role: a passive subscriber that follows the broadcast like any lagging
/// trainer (subscribe, ask for history, apply commits strictly in order; the same
/// ``CommitFollower``), and scores the model every `run.eval_every` sequences and at the last.
///
/// It never says HELLO nor heartbeats, so the broker never samples it and no round waits for
/// it: an evaluation that takes seconds only delays this process, whose subscription queues
/// the broadcast meanwhile (and history refills anything the queue dropped).
///
/// What it writes in the run directory:
/// * `evaluations.jsonl`: validation (and test) scores with the model's fingerprint at each
///   evaluated sequence (0 is the base model), which `seedfl up`'s verification checks
///   against its own replay and from which it selects the checkpoint (validation only);
/// * `status/evaluator.json`.
///
/// A restarted evaluator skips the sequences already in its file.
public final class Evaluator {
    let topology: TopologyFile
    let config: RunConfig
    let deployment: Deployment
    let prepared: PreparedModel
    let directory: RunDirectory
    let log = RoleLog(role: "evaluator")
    let drops: DropCounter
    let metrics = RoleMetrics(role: "evaluator")
    let limits: DecodeLimits
    var follower: CommitFollower
    /// Sequences already scored (from an earlier start too).
    var evaluated: Set<UInt64>
    var latestValidationAccuracy: Double?
    var historyRequestedAt: ContinuousClock.Instant?
    /// Commits waiting to be applied, a time budget at a time (as a trainer's): a history
    /// chunk of a large model is hundreds of model updates, and the status file (and a stop
    /// request) must not wait for all of them.
    var backlog = ReplayBacklog(capacity: CommitFollower.maximumPending)
    /// The control socket, kept for the timers (history requests after the backlog drains).
    var dealer: Dealer?
    /// The broadcast subscription, kept for its counters.
    var subscriber: Subscriber?
    lazy var statusFile = StatusPublisher(path: RoleStatus.path(runDirectory: deployment.runDirectory,
                                                                role: "evaluator"), log: log)

    /// - Parameter topology: the loaded topology; `deployment` resolved to the run directory.
    public init(topology: TopologyFile) throws {
        self.topology = topology
        config = topology.run
        deployment = topology.deployment
        directory = RunDirectory(deployment.runDirectory)
        drops = DropCounter(log: log)
        if let data = deployment.evaluationData {
            prepared = try ModelFactory.prepare(config, evaluationData: data)
        } else {
            prepared = try ModelFactory.prepare(config)
        }
        limits = config.wireLimits(dimension: prepared.model.space.dimension, deployment: deployment)
        follower = CommitFollower(state: ReplayState(base: prepared.model.initialParameters(),
                                                     optimizer: config.zo.optimizer, seedShift: try config.seedShift()))
        let earlier = try JSONLines<EvaluationRecord>.read(directory.evaluations)
        evaluated = Set(earlier.records.map { UInt64($0.sequence) })
    }

    /// Whether the model at `sequence` is scored.
    func isDue(_ sequence: UInt64) -> Bool {
        guard !evaluated.contains(sequence) else { return false }
        return sequence == 0 || sequence == UInt64(max(0, config.rounds))
            || (config.evalEvery > 0 && sequence % UInt64(config.evalEvery) == 0)
    }

    /// How much lower the evaluator's CPU priority is than the other roles' (`nice` units).
    /// Scoring is never on a round's critical path, so on a machine where trainers and the
    /// evaluator share cores, trainers go first and the evaluator, a passive follower, catches
    /// up in the gaps; the run's end waits for its last evaluation either way.
    public static let niceness: Int32 = 10

    /// Serves until SIGTERM/SIGINT (``StopSignal``).
    public func serve() throws {
        if setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness) != 0 {
            log.warn("cannot lower the evaluator's priority (errno \(errno)); it competes with the trainers for CPU")
        }
        let context = try Context()
        defer { context.terminate() }
        let options = SocketDefaults.options(maxFrameBytes: limits.maximumFrameSize)
        let security = try RoleSecurity(deployment: deployment, identity: .evaluator, log: log)
        let sub = try Subscriber(context: context, options: security.clientOptions(options, server: deployment.broadcaster))
        try sub.subscribe("")
        try sub.connect(deployment.broadcast.connect)
        var rng = SystemRandomNumberGenerator()
        let nonce: UInt64 = rng.next()
        let dealer = try Dealer(context: context, routingID: Array("e-\(nonce)".utf8),
                                options: security.clientOptions(options, server: .broker))
        try dealer.connect(deployment.broker.control.connect)
        self.dealer = dealer
        subscriber = sub
        defer {
            try? sub.close(linger: .zero)
            try? dealer.close(linger: .zero)
        }
        log.info("\(prepared.summary); scoring \(prepared.validationExamples.count) validation and "
                 + "\(prepared.testExamples.count) test examples every \(config.evalEvery) rounds")
        if isDue(0) { evaluate(follower.state) }

        // The evaluator sends no heartbeat: its "heartbeat" only paces the status file, twice a second.
        let runtime = RoleRuntime(heartbeat: .milliseconds(500))
        runtime.receive(from: sub, RoleRuntime.decodingBroadcast(sub, limits: limits, drops: drops) {
            [unowned self] _, message in handle(message, dealer)
        })
        runtime.receive(from: dealer, RoleRuntime.decoding(dealer, limits: limits, drops: drops) {
            [unowned self] _, message in handle(message, dealer)
        })
        defer {
            writeStatus(done: true)
            log.info("stopping at sequence \(follower.state.appliedSequence)")
        }
        try runtime.run(self, stop: { StopSignal.requested })
    }

    private func handle(_ message: Message, _ dealer: Dealer) {
        switch message {
        case .roundCommit(let c):
            guard c.runID == config.seed else { return drops.drop(.wrongRun) }
            enqueue(WireMapping.committed(c))
            applyBacklog(dealer)
        case .denseCommit(let c):
            guard c.runID == config.seed else { return drops.drop(.wrongRun) }
            enqueue(WireMapping.committed(c, run: config))
            applyBacklog(dealer)
        case .historyChunk(let chunk):
            guard chunk.runID == config.seed else { return drops.drop(.wrongRun) }
            for record in chunk.records { enqueue(WireMapping.committed(record, run: config)) }
            if chunk.isLast { backlog.historyEnd = chunk.latestSequence }
            applyBacklog(dealer)
        case .heartbeat(let h) where h.role == .broker && h.runID == config.seed:
            if h.latestSequence > follower.state.appliedSequence { requestHistory(dealer) }
        case .roundOpen(let open) where open.runID == config.seed:
            if open.baseSequence > follower.state.appliedSequence { requestHistory(dealer) }
        case .roundOpen, .roundAbort, .heartbeat:
            break
        default:
            drops.drop(.unexpectedType, detail: "\(message.type)")
        }
    }

    /// Queues `commit`; one that does not fit is dropped, and the gap it leaves is asked for
    /// again as history.
    private func enqueue(_ commit: CommittedRound) {
        if !backlog.push(commit) { drops.drop(.replayBacklog, detail: "commit \(commit.sequence)") }
    }

    /// Applies queued commits for at most ``ReplayBacklog/budget`` (at least one), scoring the
    /// due ones; once the queue is empty, asks for what the last history reply said is left.
    func applyBacklog(_ dealer: Dealer) {
        ReplayBacklog.applyWithinBudget(next: { backlog.pop() }, apply: { receive($0, dealer) })
        guard let end = backlog.takeHistoryEnd() else { return }
        historyRequestedAt = nil
        if end > follower.state.appliedSequence { requestHistory(dealer) }
    }

    private func receive(_ commit: CommittedRound, _ dealer: Dealer) {
        // Models at due sequences are kept (copy-on-write: a copy only once the next commit
        // writes) and scored after the follower is done: scoring reads the follower's state.
        var due: [ReplayState] = []
        let outcome = follower.receive(commit) { c, state in
            if isDue(c.sequence) { due.append(state) }
        }
        for state in due { evaluate(state) }
        switch outcome {
        case .gap: requestHistory(dealer)
        case .unappliable(let error): drops.drop(.unappliableCommit, detail: "\(error)")
        case .old, .applied: break
        }
    }

    private func requestHistory(_ dealer: Dealer) {
        if let at = historyRequestedAt, ContinuousClock.now - at < .seconds(1) { return }
        historyRequestedAt = .now
        let request = Message.historyRequest(HistoryRequest(runID: config.seed, afterSequence: follower.state.appliedSequence,
                                                            maxRecords: UInt32(deployment.broker.historyChunk)))
        if case .sent? = try? dealer.send(frame: request.encode(), dontWait: true) { return }
        drops.drop(.sendBlocked, detail: "HISTORY_REQUEST")
    }

    /// Scores `state` on the validation and test splits and appends the result.
    private func evaluate(_ state: ReplayState) {
        let clock = ContinuousClock()
        let start = clock.now
        let model = prepared.model
        let validation = prepared.validationExamples.isEmpty
            ? nil : model.evaluate(at: state.parameters, examples: prepared.validationExamples)
        let test = model.evaluate(at: state.parameters, examples: prepared.testExamples)
        let elapsed = clock.now - start
        let record = EvaluationRecord(
            sequence: Int(state.appliedSequence), unixMilliseconds: Self.now(),
            validationLoss: validation?.loss, validationAccuracy: validation?.accuracy,
            testLoss: test.loss, testAccuracy: test.accuracy, fingerprint: state.fingerprint,
            seconds: elapsed.inSeconds)
        evaluated.insert(state.appliedSequence)
        latestValidationAccuracy = validation?.accuracy
        metrics.count(MetricName.evaluations)
        metrics.gauge(MetricName.evaluatedSequence, Double(state.appliedSequence))
        if let v = validation {
            metrics.gauge(MetricName.validationLoss, v.loss)
            if let accuracy = v.accuracy { metrics.gauge(MetricName.validationAccuracy, accuracy) }
        }
        do { try JSONLines<EvaluationRecord>.append(record, to: directory.evaluations) } catch {
            log.warn("cannot append to \(directory.evaluations): \(error)")
        }
        var line = "sequence \(state.appliedSequence):"
        if let v = validation { line += String(format: " validation loss %.4f acc %.3f,", v.loss, v.accuracy ?? .nan) }
        line += String(format: " test loss %.4f (%.1f s)", test.loss, record.seconds ?? 0)
        log.info(line)
        writeStatus(done: false)
    }

    private func writeStatus(done: Bool) {
        var status = RoleStatus(role: "evaluator")
        status.done = done
        status.drops = drops.counts
        status.appliedSequence = follower.state.appliedSequence
        status.evaluatedSequence = evaluated.max()
        status.validationAccuracy = latestValidationAccuracy
        var sockets: [(name: String, counters: SocketCounters)] = []
        if let subscriber, !subscriber.isClosed { sockets.append(("broadcast", subscriber.counters)) }
        if let dealer, !dealer.isClosed { sockets.append(("control", dealer.counters)) }
        if metrics.isRecording {
            metrics.mirrorDrops(drops.counts)
            metrics.mirrorSockets(sockets)
        }
        status.wireBytes = WireBytes(summing: sockets)
        statusFile.publish(status)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

extension Evaluator: RoleTimers {
    /// The evaluator sends no heartbeat (the broker never waits for it); its period paces
    /// the status file.
    func heartbeat(now: ContinuousClock.Instant) { writeStatus(done: false) }

    /// Applies the next slice of the backlog; a history request that got no answer is asked again.
    func tick(now: ContinuousClock.Instant) {
        if let dealer, !backlog.isEmpty { applyBacklog(dealer) }
        if let at = historyRequestedAt, now - at > .seconds(2) { historyRequestedAt = nil }
    }

    /// At once while commits wait in the backlog.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? { backlog.isEmpty ? nil : now }
}
