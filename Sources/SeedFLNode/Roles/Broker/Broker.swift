import Foundation
import SeedFLCore
import SeedFLStore
import SeedFLWire
import ZeroMQ

/// The seed authority: owns the round clock, samples participants among live trainers,
/// draws round seeds, is the single writer of the ledger, publishes every committed round
/// with a strictly increasing sequence number and serves history (see contracts.md).
///
/// Not `Sendable`: it owns ZeroMQ sockets and a ``Ledger``, which belong to one thread.
/// Create it on the thread that calls ``run(until:)`` and keep it there.
///
/// Everything a peer sends is validated; anything unusable is counted in ``drops`` with a
/// reason and changes nothing. The broker never blocks outside its one `zmq_poll`, whose
/// timeout is the time to the next heartbeat or round deadline, whichever is first.
public final class Broker {
    /// The configuration the broker was started with.
    public let configuration: BrokerConfiguration
    /// Messages refused, by reason.
    public let drops: DropCounter

    let ledger: Ledger
    let sockets: BrokerSockets
    let log = RoleLog(role: "broker")
    let metrics = RoleMetrics(role: "broker")
    lazy var statusFile = StatusPublisher(path: configuration.statusPath, log: log)
    let clock = ContinuousClock()
    let limits: DecodeLimits
    /// Trainers by id, heard from via HELLO or HEARTBEAT.
    var trainers: LivenessTable
    /// Aggregators by index in `deployment.aggregators`, heard from via HEARTBEAT.
    var aggregators: LivenessTable
    /// The round open now, if any.
    public internal(set) var openRound: OpenRound?
    /// Aborted rounds in the ledger (read at start, then counted).
    var abortedCount: Int
    /// Drop total when the status file was last written (a heartbeat tick rewrites the
    /// file when it changed, so operators see refusals without waiting for a commit).
    var dropsAtLastStatus = 0
    /// Handshake refusals when the status file was last written (rewritten when they change).
    var refusalsAtLastStatus = 0
    var announcedDone = false
    var isShutDown = false
    /// The model kept beside the ledger for snapshots; nil when `snapshot_every` is 0.
    let snapshots: SnapshotKeeper?
    var snapshotFailureReported = false
    /// Snapshots stored by this process.
    var snapshotsStored = 0
    /// Sequence of the newest snapshot in the ledger (0: none).
    var latestSnapshotSequence: UInt64 = 0
    /// Trainer deaths noticed by this process (`liveness.jsonl`).
    var trainersMarkedDead = 0
    /// Where the open round's number is kept across broker restarts.
    let openRoundMarker: OpenRoundMarker
    /// Set while the ledger cannot be written (cleared by the next successful write).
    var storageFault: StorageFault?
    /// An abort the ledger refused to record: retried every heartbeat, and no round opens
    /// until it is recorded, so its round number is never used again.
    var pendingAbort: (round: UInt64, reason: String)?
    /// The process nonces trainers announced, to check what an AGGREGATE vouches for.
    var processNonces = ProcessNonces()
    /// Control messages each peer may send per second (HELLO, HEARTBEAT, requests).
    var messageBudget: RequestBudget
    /// History records each peer may be served per second.
    var historyBudget: RequestBudget

    /// Opens (or creates) `<run dir>/ledger.sqlite` and binds the three sockets.
    ///
    /// - Throws: ``RoleError``: `.runDirectory` when the run or status directory cannot
    ///   be created, `.ledger` when the ledger belongs to another run, is locked by another
    ///   broker or is unreadable, `.socket` when an endpoint cannot be bound.
    public init(configuration: BrokerConfiguration) throws {
        self.configuration = configuration
        let statusDirectory = (configuration.statusPath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: statusDirectory, withIntermediateDirectories: true)
        } catch {
            throw RoleError(.runDirectory, "create \(statusDirectory)", error.localizedDescription)
        }
        let ledger: Ledger
        let aborted: Int
        do {
            // The ledger records what a replay needs (docs/determinism.md, section 11), so it
            // can be replayed without the topology file.
            ledger = try Ledger(path: configuration.ledgerPath, run: configuration.run.ledgerIdentity,
                                replaySettings: try ReplaySettings.of(configuration.run).json)
            aborted = try ledger.abortedRounds().count
            latestSnapshotSequence = try ledger.latestSnapshot()?.sequence ?? 0
        } catch {
            throw RoleError(.ledger, "open the ledger", "\(error)")
        }
        do {
            snapshots = configuration.deployment.broker.snapshotEvery > 0
                ? try Self.makeSnapshotKeeper(configuration: configuration, ledger: ledger, log: RoleLog(role: "broker")) : nil
        } catch {
            ledger.close()
            throw error
        }
        limits = configuration.limits
        do {
            let security: RoleSecurity
            do { security = try RoleSecurity(deployment: configuration.deployment, identity: .broker, log: log) } catch {
                throw RoleError(.configuration, "load the broker's CURVE key", "\(error)")
            }
            sockets = try BrokerSockets(deployment: configuration.deployment.broker, security: security,
                                        maxFrameBytes: limits.maxFrameBytes)
        } catch {
            ledger.close()
            throw error
        }
        self.ledger = ledger
        openRoundMarker = OpenRoundMarker(ledgerPath: configuration.ledgerPath)
        abortedCount = aborted
        drops = DropCounter(log: log)
        let b = configuration.deployment.broker
        let window = Duration.milliseconds(b.heartbeatMilliseconds * b.liveness)
        trainers = LivenessTable(window: window)
        aggregators = LivenessTable(window: window)
        // An honest peer sends a few heartbeats a second and asks for history only while it
        // lags; these bounds are far above that and far below what a flood needs.
        let peers = Double(max(8, configuration.run.clients + configuration.deployment.aggregators.count + 2))
        messageBudget = RequestBudget(rate: 100, burst: 200, sharedRate: 100 * peers)
        let chunk = Double(b.historyChunk)
        historyBudget = RequestBudget(rate: 16 * chunk, burst: 16 * chunk, sharedRate: 64 * chunk)
        retireInterruptedRound()
        // Every reason's series exists from the start: "none aborted" reads 0, not missing.
        for reason in AbortReason.allCases { metrics.count(MetricName.roundsAborted, [("reason", "\(reason)")], by: 0) }
        metrics.count(MetricName.roundsAborted, [("reason", "broker-restart")], by: 0)
        for name in [MetricName.roundsOpened, MetricName.roundsCommitted] { metrics.count(name, by: 0) }
        metrics.gauge(MetricName.openRound, 0)     // set as rounds open, commit and abort
        log.info("ledger \(configuration.ledgerPath): \(ledger.latestSequence) rounds committed, next round \(ledger.nextRound)")
        log.info("publish \(b.publish.bind), control \(b.control.bind), aggregates \(b.aggregates.bind)")
    }

    deinit { shutdown() }

    /// Serves until `shouldStop` returns true (checked at least once per heartbeat period,
    /// and at once after a signal interrupts the poll), then writes the status file, closes
    /// the sockets (linger 0) and the ledger.
    ///
    /// - Throws: ``RoleError`` (`.socket`) only for a broken socket (a bug, not a peer's doing).
    public func run(until shouldStop: () -> Bool) throws {
        defer { shutdown() }
        let runtime = RoleRuntime(heartbeat: .milliseconds(configuration.deployment.broker.heartbeatMilliseconds),
                                  releasesFreedMemory: true)
        runtime.receive(from: sockets.control) { [unowned self] in try receiveControl() }
        runtime.receive(from: sockets.publisher) { [unowned self] in try receiveSubscription() }
        sockets.handshakes.register(with: runtime)
        runtime.receive(from: sockets.aggregates,
                        RoleRuntime.decoding(sockets.aggregates, limits: limits, drops: drops) { [unowned self] _, message in
            guard case .aggregate(let aggregate) = message else {
                return drops.drop(.unexpectedType, detail: "\(message.type) on the aggregates socket")
            }
            // Only a root aggregator's key may decide a round (ZAP admits no other; this
            // also catches a key revoked since its connection was made).
            if case .failure(let reason) = sockets.security.check(sockets.aggregates.lastSender, on: .aggregates) {
                return drops.drop(reason, detail: "AGGREGATE for round \(aggregate.round)")
            }
            handle(aggregate)
        })
        writeStatus()       // at once: an operator (or `seedfl status`) sees the broker before its first round
        try runtime.run(self, stop: shouldStop)
    }

    /// The status as `status/broker.json` reports it.
    public var status: RoleStatus {
        var status = RoleStatus(role: "broker")
        status.done = isDone
        status.drops = drops.counts
        status.wireBytes = sockets.wireBytes
        status.roundsCommitted = Int(ledger.latestSequence)
        status.roundsAborted = abortedCount
        status.latestSequence = ledger.latestSequence
        status.openRound = openRound?.round ?? 0
        status.snapshotsStored = snapshotsStored
        status.latestSnapshotSequence = latestSnapshotSequence
        status.trainersMarkedDead = trainersMarkedDead
        if sockets.security.isEnabled { status.handshakesRefused = sockets.handshakes.failures }
        if let fault = storageFault {
            status.storageError = fault.message
            status.storageErrorSeconds = Double(fault.seconds(at: clock.now))
        }
        return status
    }

    /// True once `run.rounds` rounds are committed: no further round is opened.
    public var isDone: Bool { ledger.latestSequence >= UInt64(max(0, configuration.run.rounds)) }

    /// Writes the status file; a failure is logged, never fatal (the run matters more).
    func writeStatus() {
        updateMetrics()
        if statusFile.publish(status) {
            dropsAtLastStatus = drops.total
            refusalsAtLastStatus = sockets.handshakes.failures
        }
    }

    /// Brings the metrics up to date with the role's own counts (each heartbeat and status).
    func updateMetrics() {
        guard metrics.isRecording else { return }
        metrics.mirrorDrops(drops.counts)
        metrics.mirrorSockets(sockets.namedCounters)
        metrics.mirror(MetricName.trainersMarkedDead, total: Int64(trainersMarkedDead))
        metrics.gauge(MetricName.ledgerSequence, Double(ledger.latestSequence))
        metrics.gauge(MetricName.ledgerSize, Double(LedgerFiles.bytes(ledgerPath: configuration.ledgerPath)))
        metrics.gauge(MetricName.ledgerWritable, storageFault == nil ? 1 : 0)
        metrics.gauge(MetricName.trainersLive, Double(trainers.live(at: clock.now).count))
    }

    /// Writes the final status, closes the sockets and the ledger. Idempotent.
    func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        writeStatus()
        sockets.close()
        ledger.close()
        log.info("stopped at sequence \(ledger.latestSequence), \(abortedCount) rounds aborted, \(drops.total) messages dropped")
    }

    /// Publishes one message on PUB, in its brief form when it has one (every subscriber is
    /// bound to this run; docs/protocol.md, "Brief forms"). PUB never blocks; a terminated
    /// context only happens during shutdown, when there is nobody left to tell.
    func publish(_ message: Message) {
        do {
            _ = try sockets.publisher.send(frame: message.encode(binding: limits.binding), dontWait: true)
        } catch {
            log.error("publish \(message.type) failed: \(error)")
        }
    }

    /// Wall-clock milliseconds since the Unix epoch (only for fields peers read; every
    /// timer of the broker itself runs on the monotonic clock).
    static var unixMilliseconds: UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) }
}
