import Foundation
import SeedFLCore
import SeedFLWire
import ZeroMQ

/// The trainer role: holds the base model and its data shard, applies every committed
/// round in sequence order (sampled or not), and contributes K*P scalars when sampled.
///
/// Start-up follows the Clone pattern: subscribe first, then ask the broker for the
/// history after the last applied sequence number, so nothing published in between is
/// missed; anything not strictly newer than what was applied is dropped, and a gap in
/// sequence numbers triggers another history request. A local checkpoint means a
/// restart only replays the tail.
///
/// A trainer that lags by more than `deployment.snapshot_lag` rounds (DeComFL appendix A.3)
/// fetches the broker's latest model snapshot instead, verifies its size and fingerprint,
/// loads it and replays only the history after it; a bad or partial snapshot is dropped
/// (counted) and history replay used instead.
///
/// All sockets live on the thread that calls ``run()``.
public final class Trainer {
    public let id: UInt32
    let topology: TopologyFile
    let config: RunConfig
    let deployment: Deployment
    let prepared: PreparedModel
    var logic: TrainerLogic
    /// The replay state and the commits held ahead of a gap.
    var follower: CommitFollower
    /// The model at the last applied sequence.
    var state: ReplayState { follower.state }
    let log: RoleLog
    let drops: DropCounter
    let metrics: RoleMetrics
    /// The newest sequence the broker has announced (heartbeats, commits, ROUND_OPEN's base):
    /// what `seedfl_trainer_lag_rounds` measures the applied sequence against.
    var latestAnnounced: UInt64 = 0
    /// The last round this trainer was sampled for (0: never).
    var sampledRound: UInt64 = 0
    /// Catch-ups finished (history replayed up to what the broker had when it answered).
    var catchUps = 0
    let limits: DecodeLimits
    let nonce: UInt64
    /// The private seed shift (none unless `seed_shift: private`), read once at start.
    let seedShift: SeedShift
    /// Set when the topology's `byzantine:` switch names this trainer: what it sends is
    /// corrupted (after the honest result is recorded, as the simulator does).
    var byzantine: ByzantineTrainer?
    let checkpointPath: String
    /// The run has a seed pool: no checkpoints (see `init`).
    let pooled: Bool
    /// Where the FedMeZO personalisation state is kept (written only when the rate depends
    /// on this trainer's own history).
    let personalizationPath: String

    /// The round currently open on the broker, if this trainer has not answered it yet.
    var openRound: RoundOpen?
    /// Computes contributions off the socket thread, so heartbeats, commits, aborts and
    /// SIGTERM are handled while the model runs.
    let worker = ContributionWorker()
    /// A computation was started, or a start waited for the worker: look at the worker again
    /// once it is idle.
    var workerPending = false
    /// ``fingerprint`` of the model at `sequence`.
    var cachedFingerprint: (sequence: UInt64, value: String)?
    var contributedRounds: Set<UInt64> = []
    // Every timer of the trainer runs on the monotonic clock (`ContinuousClock`, as the runtime).
    var historyRequestedAt: ContinuousClock.Instant?
    var lastStatus: ContinuousClock.Instant?
    /// Set when the trainer runs in a ``TrainerGroup``: its status goes to the group's one
    /// file instead of a file of its own.
    var statusBoard: TrainerStatusBoard?
    lazy var statusFile = StatusPublisher(path: RoleStatus.path(runDirectory: deployment.runDirectory,
                                                                role: "trainer-\(id)"), log: log)
    var roundsContributed = 0
    var contributionBytes = 0
    /// Bytes of the round protocol received on the broadcast (ROUND_OPEN, ROUND_COMMIT or
    /// DENSE_COMMIT, ROUND_ABORT): the per-round downlink, without heartbeats or catch-up.
    var roundBytesReceived = 0
    var catchUpStarted: ContinuousClock.Instant?
    var catchUpSeconds = 0.0
    /// Set by the first message on the broadcast. HELLO, heartbeats and history requests
    /// wait for it: the broker samples only trainers it hears from, so a trainer is never
    /// sampled before its subscription can deliver the ROUND_OPEN (the slow-joiner problem).
    var broadcastReady = false
    /// When the broker was last heard (any broadcast message). Paranoid-Pirate style: after
    /// `liveness` silent heartbeat periods the broker counts as lost; when it speaks again
    /// (restarted, or the network healed) the trainer introduces itself anew and asks for
    /// the history it missed. ZeroMQ reconnects the sockets by itself.
    var lastHeardBroker = ContinuousClock.now
    var brokerLost = false
    var commitsSinceCheckpoint = 0
    /// Writes checkpoints off the socket thread.
    lazy var checkpointWriter = CheckpointWriter(runFingerprint: config.fingerprint, path: checkpointPath)
    /// Commits received but not yet applied (applied a time budget at a time).
    var backlog = ReplayBacklog(capacity: 4096)
    /// The snapshot being fetched, if any; history requests wait while it is.
    var download: SnapshotDownload?
    /// No snapshot is asked for before this time (after the broker had none, or one failed).
    var nextSnapshotAttempt = ContinuousClock.now
    /// Snapshots loaded as the replay state (status `snapshots_loaded`).
    var snapshotsLoaded = 0

    /// - Parameters:
    ///   - topology: the loaded topology; `deployment` must already be resolved to the run directory.
    ///   - dataPath: this trainer's own data file (`--data`), overriding `deployment.trainer_data`;
    ///     with either, the trainer loads that file and nothing else.
    ///   - shared: the run's model and split, already prepared by the process (several
    ///     trainers in one process share one read-only copy, ``TrainerGroup``); ignored when
    ///     the trainer has its own data file.
    public init(id: UInt32, topology: TopologyFile, dataPath: String? = nil, shared: PreparedModel? = nil) throws {
        guard Int(id) < topology.run.clients else {
            throw ConfigError(file: topology.path, field: "--id", message: "trainer id \(id) is not in 0..<\(topology.run.clients)")
        }
        self.id = id
        self.topology = topology
        self.config = topology.run
        self.deployment = topology.deployment
        self.log = RoleLog(role: "trainer", id: "\(id)")
        self.drops = DropCounter(log: log)
        self.metrics = RoleMetrics(role: "trainer-\(id)")
        // Adding 0 creates the series, so "none yet" reads 0 rather than missing.
        metrics.addSeconds(MetricName.catchUpSeconds, 0)
        metrics.addSeconds(MetricName.snapshotLoadSeconds, 0)
        if let own = dataPath ?? topology.deployment.trainerDataPath(for: Int(id)) {
            self.prepared = try ModelFactory.prepare(config, ownData: own, trainer: Int(id))
        } else {
            self.prepared = try shared ?? ModelFactory.prepare(config)
        }
        self.logic = try TrainerLogic(id: id, run: config, shard: prepared.shards[Int(id)])
        if let kind = topology.byzantine.kind(of: Int(id)) {
            byzantine = ByzantineTrainer(kind: kind, trainer: id, runSeed: config.seed)
            log.warn("BYZANTINE (test switch): every contribution is corrupted by \(kind.rawValue)")
        }
        var limits = config.wireLimits(dimension: prepared.model.space.dimension, deployment: deployment)
        if deployment.snapshotLag > 0 {
            // Room for the snapshot pieces this trainer asks for, and nothing larger.
            limits.maxSnapshotChunkBytes = Self.snapshotPieceBytes
            limits.maxFrameBytes = limits.maximumFrameSize
        }
        self.limits = limits
        var rng = SystemRandomNumberGenerator()
        self.nonce = rng.next()          // tells restarts apart; never feeds any computation
        self.checkpointPath = "\(deployment.runDirectory)/checkpoints/trainer-\(id).bin"
        let base = prepared.model.initialParameters()
        // Read once: the secret file is the trainer's alone, and a snapshot loaded later
        // replays under the same shift.
        let shift = try config.seedShift()
        seedShift = shift
        var state = ReplayState(base: base, optimizer: config.zo.optimizer, seedShift: shift)
        // With a seed pool the state is the pool's coefficients, which a checkpoint (the
        // parameters) does not hold; a restart replays the history instead, which costs at most
        // pool * K * P directions however long it is.
        pooled = config.zo.optimizer.seedPool != nil
        if !pooled, FileManager.default.fileExists(atPath: checkpointPath) {
            do {
                let c = try TrainerCheckpoint.read(from: checkpointPath, runFingerprint: config.fingerprint,
                                                   dimension: base.count, momentumLength: state.momentum.count)
                state = ReplayState(base: c.parameters, optimizer: config.zo.optimizer, seedShift: shift,
                                    momentum: c.momentum, appliedSequence: c.sequence)
                log.info("resumed from checkpoint at sequence \(c.sequence)")
            } catch {
                log.warn("\(error); replaying from the base model")
            }
        }
        self.follower = CommitFollower(state: state)
        self.personalizationPath = PersonalizationFile.path(runDirectory: deployment.runDirectory, trainer: id)
        if logic.keepsPersonalHistory, FileManager.default.fileExists(atPath: personalizationPath) {
            do {
                logic.restore(try PersonalizationFile.read(from: personalizationPath, run: config.fingerprint, trainer: id,
                                                           maxScalars: config.zo.steps * config.zo.perturbations))
                log.info("resumed its personalisation state")
            } catch {
                log.warn("\(error); personalising from an empty history")
            }
        }
    }

    /// Serves until SIGTERM/SIGINT (``StopSignal``).
    /// - Parameter shared: a context shared with other trainers of the process (its owner
    ///   terminates it); nil: a context of the trainer's own.
    public func serve(context shared: Context? = nil) throws {
        let context = try shared ?? Context()
        defer { if shared == nil { context.terminate() } }
        let options = SocketDefaults.options(maxFrameBytes: limits.maximumFrameSize)
        // A trainer only connects: it needs its own key and the servers' public keys, never
        // the allow-list, and runs no ZAP handler.
        let security = try RoleSecurity(deployment: deployment, identity: .trainer(Int(id)), log: log)
        let sub = try Subscriber(context: context, options: security.clientOptions(options, server: deployment.broadcaster))
        try sub.subscribe("")
        try sub.connect(deployment.broadcast.connect)
        let dealer = try Dealer(context: context, routingID: Array("t\(id)-\(nonce)".utf8),
                                options: security.clientOptions(options, server: .broker))
        try dealer.connect(deployment.broker.control.connect)
        guard let aggregator = deployment.aggregator(forTrainer: Int(id)) else {
            throw ConfigError(file: topology.path, field: "deployment.aggregators", message: "no aggregator for trainer \(id)")
        }
        let push = try Pusher(context: context, options: security.clientOptions(options, server: .aggregator(aggregator.name)))
        try push.connect(aggregator.contributions.connect)
        defer {
            try? sub.close(linger: .zero)
            try? dealer.close(linger: .zero)
            try? push.close(linger: .zero)
        }
        let sockets = Sockets(sub: sub, dealer: dealer, push: push)
        // A key the servers refuse (revoked, or never listed): libzmq does not reconnect a
        // socket whose handshake was refused, so the trainer says so and ends instead of
        // waiting for ever.
        let handshakes = try HandshakeWatch(sockets: [sub, dealer, push], enabled: security.isEnabled)
        defer { handshakes.close() }

        log.info("\(prepared.summary); shard \(prepared.shards[Int(id)].count) examples; at sequence \(state.appliedSequence)")

        let runtime = RoleRuntime(heartbeat: .milliseconds(deployment.broker.heartbeatMilliseconds))
        runtime.receive(from: sub, RoleRuntime.decodingBroadcast(sub, limits: limits, drops: drops) { [unowned self] frames, message in
            heardOnBroadcast(frames, message, sockets)
        })
        runtime.receive(from: dealer, RoleRuntime.decoding(dealer, limits: limits, drops: drops) { [unowned self] _, message in
            handle(message, sockets)
        })
        handshakes.register(with: runtime)
        defer { finish(sockets) }
        try runtime.run(TrainerTimers(trainer: self, sockets: sockets, handshakes: handshakes), stop: { StopSignal.requested })
        if handshakes.authenticationFailures > 0 {
            throw RoleError(.socket, "connect to the broker, forwarder and aggregator",
                            "a server refused this trainer's key: trainer-\(id) is not (or no longer) "
                            + "on the allow-list, its key is not the one listed, or the server keys it holds are wrong")
        }
    }

    struct Sockets {
        let sub: Subscriber
        let dealer: Dealer
        let push: Pusher

        /// Each socket's counters, named as in the `socket` label of its metrics.
        var named: [(name: String, counters: SocketCounters)] {
            [("broadcast", sub.counters), ("control", dealer.counters), ("contributions", push.counters)]
        }
    }

    /// A message on the broadcast: the broker is alive (and, the first time or after it was
    /// lost, this trainer introduces itself), then the message itself.
    private func heardOnBroadcast(_ frames: [[UInt8]], _ message: Message, _ s: Sockets) {
        lastHeardBroker = .now
        latestAnnounced = max(latestAnnounced, Self.latestSequence(announcedBy: message))
        if !broadcastReady || brokerLost {
            if brokerLost { log.info("broker is back; re-introducing and catching up") }
            brokerLost = false
            becomeReady(s, latest: Self.latestSequence(announcedBy: message))
        }
        switch message {
        case .roundOpen, .roundCommit, .denseCommit, .roundAbort:
            roundBytesReceived += frames.reduce(0) { $0 + $1.count }
        default: break
        }
        handle(message, s)
    }

    /// The broadcast works: introduce ourselves and ask for what we missed (Clone pattern:
    /// subscribe first, then request history, then apply only strictly newer records).
    /// `latest` is the broker's latest sequence as the first broadcast message revealed it
    /// (0 when it did not), which decides between history and a snapshot.
    private func becomeReady(_ s: Sockets, latest: UInt64) {
        broadcastReady = true
        send(.hello(Hello(trainerID: id, runID: config.seed, lastAppliedSequence: state.appliedSequence, nonce: nonce)),
             on: s.dealer)
        if !catchUp(toward: latest, s.dealer) { requestHistory(s.dealer) }
    }

    /// The broker's latest committed sequence as a broadcast message tells it, or 0.
    static func latestSequence(announcedBy message: Message) -> UInt64 {
        switch message {
        case .heartbeat(let h) where h.role == .broker: h.latestSequence
        case .roundOpen(let o): o.baseSequence
        case .roundCommit(let c): c.sequence
        case .denseCommit(let c): c.sequence
        default: 0
        }
    }

    private func handle(_ message: Message, _ s: Sockets) {
        switch message {
        case .roundOpen(let open):
            guard open.runID == config.seed else { return drops.drop(.wrongRun) }
            // A new round means any earlier one is over: stop computing for it.
            if let computing = worker.computingRound, computing != open.round { worker.cancel(round: computing) }
            openRound = open
            maybeContribute(s)
        case .roundAbort(let abort):
            if openRound?.round == abort.round { openRound = nil }
            worker.cancel(round: abort.round)
        case .roundCommit(let c):
            guard c.runID == config.seed else { return drops.drop(.wrongRun) }
            receive(WireMapping.committed(c), s)
        case .denseCommit(let c):
            guard c.runID == config.seed else { return drops.drop(.wrongRun) }
            receive(WireMapping.committed(c, run: config), s)
        case .heartbeat(let h):
            guard h.runID == config.seed, h.role == .broker else { return }
            catchUp(toward: h.latestSequence, s.dealer)
        case .historyChunk(let chunk):
            guard chunk.runID == config.seed else { return drops.drop(.wrongRun) }
            // Queued whole, then applied a budget at a time: a long chunk never silences the trainer.
            for record in chunk.records { enqueue(WireMapping.committed(record, run: config)) }
            // Decided once the chunk's records are applied (``applyBacklog``).
            if chunk.isLast { backlog.historyEnd = chunk.latestSequence }
            applyBacklog(s)
        case .snapshotChunk(let piece):
            guard piece.runID == config.seed else { return drops.drop(.wrongRun) }
            receive(piece, s)
        default:
            drops.drop(.unexpectedType, detail: "\(message.type)")
        }
    }

    /// Queues `commit` and applies what the time budget allows (``ReplayBacklog``): a long
    /// replay is spread over the runtime's wake-ups, with heartbeats in between.
    func receive(_ commit: CommittedRound, _ s: Sockets) {
        enqueue(commit)
        applyBacklog(s)
    }

    private func enqueue(_ commit: CommittedRound) {
        guard backlog.push(commit) else {
            // Nothing is lost: the gap it leaves is asked for again once the backlog drains.
            return drops.drop(.replayBacklog, detail: "sequence \(commit.sequence)")
        }
    }

    /// Applies queued commits for at most ``ReplayBacklog/budget`` (at least one), then,
    /// once the queue is empty, finishes the history chunk that filled it.
    func applyBacklog(_ s: Sockets) {
        ReplayBacklog.applyWithinBudget(next: { backlog.pop() }, apply: { apply($0, s) })
        guard let end = backlog.takeHistoryEnd() else { return }
        historyRequestedAt = nil
        if end > state.appliedSequence {
            catchUp(toward: end, s.dealer)
        } else if let started = catchUpStarted {
            // Caught up with everything the broker had committed when it answered.
            let seconds = (.now - started).inSeconds
            catchUpSeconds = max(catchUpSeconds, seconds)
            catchUpStarted = nil
            catchUps += 1
            metrics.addSeconds(MetricName.catchUpSeconds, seconds)
        }
    }

    /// Applies `commit` if it is the next one, buffers it if it is ahead (asking for the
    /// gap), drops it if it is old.
    private func apply(_ commit: CommittedRound, _ s: Sockets) {
        // The round committed without this trainer: its contribution would arrive too late.
        worker.cancel(round: commit.round)
        if openRound?.round == commit.round { openRound = nil }
        var applied = 0, personalized = false
        // With a seed pool, applying a commit only adds its scalars; the parameters are rebuilt
        // when this trainer needs them (sampled, or its fingerprint asked for), not every round.
        switch follower.receive(commit, rebuild: false, afterEach: { c, _ in
            if logic.observe(c) { personalized = true }
            applied += 1
        }) {
        case .old: return
        case .gap: return requestHistory(s.dealer)
        case .unappliable(let error): drops.drop(.unappliableCommit, detail: "\(error)")
        case .applied: break
        }
        if personalized { savePersonalization() }
        updateSequenceMetrics()
        commitsSinceCheckpoint += applied
        if commitsSinceCheckpoint >= deployment.checkpointEvery && !pooled { checkpoint() }
        maybeContribute(s)
    }

    /// Starts computing a contribution to the open round if sampled, in sync with the round's
    /// model and not computing already; ``deliverFinishedContribution(_:)`` sends it.
    func maybeContribute(_ s: Sockets) {
        guard let open = openRound, !contributedRounds.contains(open.round),
              open.participants.contains(id) else { return }
        guard worker.computingRound == nil else {
            workerPending = true
            return
        }
        guard state.appliedSequence == open.baseSequence else {
            if state.appliedSequence < open.baseSequence { requestHistory(s.dealer) }
            return
        }
        guard Int(open.k) == config.zo.steps, Int(open.p) == config.zo.perturbations else {
            return drops.drop(.badRoundOpen, detail: "round \(open.round) has K=\(open.k) P=\(open.p)")
        }
        follower.rebuild()
        sampledRound = open.round
        updateSequenceMetrics()
        contributedRounds.insert(open.round)
        if contributedRounds.count > 64 { contributedRounds.remove(contributedRounds.min() ?? open.round) }
        worker.start(round: open.round, seed: open.seed, state: state, logic: logic, model: prepared.model,
                     metrics: workerMetrics)
        workerPending = true
    }

    /// Sends the worker's finished contribution if its round is still open (an aborted or
    /// already committed round's result is dropped), then considers the next round.
    func deliverFinishedContribution(_ s: Sockets) {
        guard workerPending, worker.computingRound == nil else { return }
        workerPending = false
        // A cancelled computation delivers nothing; a round may be waiting for the worker.
        guard let finished = worker.takeFinished() else { return maybeContribute(s) }
        guard let open = openRound, open.round == finished.round, open.baseSequence == finished.baseSequence else {
            log.info("round \(finished.round) ended while computing; its contribution is not sent")
            return maybeContribute(s)
        }
        logic.record(round: open.round, result: finished.result)
        // Saved before sending: a restart after the round commits must find this contribution.
        savePersonalization()
        let sent = byzantine?.corrupt(finished.result, round: open.round) ?? finished.result
        let message = WireMapping.contribution(runID: config.seed, round: open.round, baseSequence: open.baseSequence,
                                               trainer: id, nonce: nonce, run: config, result: sent)
        if let sent = send(message, on: s.push) {
            roundsContributed += 1
            contributionBytes += sent
        }
        openRound = nil
    }

    func requestHistory(_ dealer: Dealer) {
        if download != nil { return }       // the snapshot decides where history starts
        if !backlog.isEmpty { return }      // what is queued first; a remaining gap is asked for then
        if let at = historyRequestedAt, ContinuousClock.now - at < .seconds(1) { return }
        historyRequestedAt = .now
        if catchUpStarted == nil { catchUpStarted = .now }
        send(.historyRequest(HistoryRequest(runID: config.seed, afterSequence: state.appliedSequence,
                                            maxRecords: UInt32(deployment.broker.historyChunk))), on: dealer)
    }

    /// Sends `message` (its brief form when it has one: the broker and aggregators are
    /// bound to this run) without waiting; returns the bytes sent, nil when it was not.
    @discardableResult
    func send(_ message: Message, on socket: some SendingSocket) -> Int? {
        let frame = message.encode(binding: limits.binding)
        switch try? socket.send(frame: frame, dontWait: true) {
        case .sent: return frame.count
        default:
            drops.drop(.sendBlocked, detail: "\(message.type)")
            return nil
        }
    }

    /// Once the broadcast works, a HEARTBEAT to the broker every period (from the socket
    /// thread, which never computes: the broker hears a trainer while its worker runs).
    func sendHeartbeat(_ s: Sockets) {
        guard broadcastReady else { return }
        send(.heartbeat(Heartbeat(role: .trainer, senderID: id, runID: config.seed, latestSequence: state.appliedSequence,
                                  round: openRound?.round ?? 0,
                                  unixTimeMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))), on: s.dealer)
    }

    /// Retries and timeouts of requests, the broker's silence, the status file.
    func housekeeping(_ s: Sockets) {
        let now = ContinuousClock.now
        if let at = historyRequestedAt, now - at > .seconds(2) { historyRequestedAt = nil }  // lost reply: ask again later
        if let d = download, now - d.requestedAt > Self.snapshotPieceTimeout {
            abandonSnapshot(reason: .snapshotTimeout, detail: "no answer for \(Self.snapshotPieceTimeout)", s.dealer)
        }
        let silenceMilliseconds = deployment.broker.heartbeatMilliseconds * deployment.broker.liveness
        let silence = Double(silenceMilliseconds) / 1000
        if broadcastReady, !brokerLost, now - lastHeardBroker > .milliseconds(silenceMilliseconds) {
            brokerLost = true
            openRound = nil
            log.warn(String(format: "broker silent for %.1f s; waiting for it to come back", silence))
        }
        if lastStatus.map({ now - $0 > .milliseconds(deployment.statusMilliseconds) }) ?? true { writeStatus(s, done: false) }
    }

    /// Hands the state to the ``CheckpointWriter`` (written off the socket thread).
    func checkpoint() {
        checkpointWriter.write(state)
        commitsSinceCheckpoint = 0
        if let failure = checkpointWriter.takeFailure() { log.warn("checkpoint failed: \(failure)") }
    }

    /// Writes the personalisation state when the rate depends on it (a few scalars).
    func savePersonalization() {
        guard logic.keepsPersonalHistory else { return }
        do {
            try PersonalizationFile.write(logic.personalization, run: config.fingerprint, trainer: id,
                                          to: personalizationPath)
        } catch {
            log.warn("personalisation state not saved: \(error)")
        }
    }

    private func finish(_ s: Sockets) {
        worker.stop()
        follower.rebuild()
        if !pooled { checkpoint() }
        checkpointWriter.flush()
        if let failure = checkpointWriter.takeFailure() { log.warn("checkpoint failed: \(failure)") }
        writeStatus(s, done: true)
        log.info("stopping at sequence \(state.appliedSequence), fingerprint \(fingerprint.prefix(16))…")
    }

    /// The model's fingerprint, hashed once per applied sequence: the model at a sequence is
    /// unique, and hashing a large model costs a pass over it (status is written every `status_ms`).
    var fingerprint: String {
        if let cached = cachedFingerprint, cached.sequence == state.appliedSequence { return cached.value }
        follower.rebuild()
        let value = state.fingerprint
        cachedFingerprint = (state.appliedSequence, value)
        return value
    }

    /// What the worker thread records: forward passes and the computation's duration.
    var workerMetrics: ContributionWorker.Metrics {
        ContributionWorker.Metrics(forwardPasses: metrics.counter(MetricName.forwardPasses),
                                   duration: metrics.timer(MetricName.zoStepDuration))
    }

    /// The applied sequence, the lag and the sampled round: set as they change (a scrape
    /// between two status writes still sees the trainer's model where it is).
    func updateSequenceMetrics() {
        guard metrics.isRecording else { return }
        let applied = state.appliedSequence
        metrics.gauge(MetricName.trainerSequence, Double(applied))
        metrics.gauge(MetricName.trainerLag, Double(latestAnnounced > applied ? latestAnnounced - applied : 0))
        metrics.gauge(MetricName.trainerSampledRound, Double(sampledRound))
    }

    /// Brings the metrics up to date with the trainer's own counts (with every status).
    private func updateMetrics(_ s: Sockets) {
        guard metrics.isRecording else { return }
        metrics.mirrorDrops(drops.counts)
        metrics.mirrorSockets(s.named)
        updateSequenceMetrics()
        metrics.mirror(MetricName.contributionsSent, total: Int64(roundsContributed))
        metrics.mirror(MetricName.catchUps, total: Int64(catchUps))
        metrics.mirror(MetricName.snapshotsLoaded, total: Int64(snapshotsLoaded))
    }

    private func writeStatus(_ s: Sockets, done: Bool) {
        lastStatus = .now
        var status = RoleStatus(role: "trainer-\(id)")
        status.id = Int(id)
        status.done = done
        status.drops = drops.counts
        status.wireBytes = WireBytes(summing: s.named)
        status.wireBytes?.broadcastReceived = Int(clamping: s.sub.counters.bytesReceived)
        status.appliedSequence = state.appliedSequence
        // Hashing a large model costs a pass over it: while commits wait to be applied, the
        // periodic status leaves the fingerprint out (it would hash every intermediate model);
        // once replay is done, and in the final status, it is always there.
        // A seed pool's model is rebuilt for the fingerprint only when something else needed it.
        if done || (backlog.isEmpty && !state.needsRebuild) { status.fingerprint = fingerprint }
        status.computingRound = worker.computingRound
        status.sampledRound = sampledRound
        status.roundsContributed = roundsContributed
        status.contributionBytes = contributionBytes
        status.roundBytesReceived = roundBytesReceived
        status.catchUpSeconds = catchUpSeconds
        status.snapshotsLoaded = snapshotsLoaded
        updateMetrics(s)
        if let statusBoard { statusBoard.post(status, trainer: id) } else { statusFile.publish(status) }
    }
}
