import Foundation
import SeedFLCore
import SeedFLWire
import ZeroMQ

/// The aggregator's sockets and round state, owned by the thread that runs the loop.
final class AggregatorLoop {
    let configuration: AggregatorConfiguration
    let log: RoleLog
    let drops: DropCounter
    /// Contributions (and partial aggregates) refused after decoding, by reason: the part of
    /// ``drops`` that `seedfl_contributions_dropped_total` reports.
    let contributionDrops: DropCounter
    let metrics: RoleMetrics
    let statusPath: String
    lazy var statusFile = StatusPublisher(path: statusPath, log: log)

    private let subscriber: Subscriber
    private let puller: Puller
    private let pusher: Pusher
    private let dealer: Dealer
    /// CURVE keys, the ZAP handler of the contributions socket and the per-message identity
    /// checks (inert without `security:`).
    let security: RoleSecurity
    /// Peers the contributions socket refused at the handshake (under `security:` only).
    private let handshakes: HandshakeWatch
    private var sockets: [any Socket] { [subscriber, puller, pusher, dealer] }
    /// The open sockets' counters, named as in the `socket` label of their metrics.
    private var namedCounters: [(name: String, counters: SocketCounters)] {
        zip(["broadcast", "contributions", "upstream", "control"], sockets).compactMap { name, s in
            s.isClosed ? nil : (name, s.counters)
        }
    }

    /// The round being collected (or the last one, finished).
    var current: CollectingRound?
    var early: EarlyInbox
    /// An aggregate PUSH could not queue yet, kept until its round's deadline.
    var pending: (frame: [UInt8], round: UInt64, deadline: UInt64)?
    /// A socket failure found by a timer; ends the loop and is thrown by ``run(stop:)``.
    var failure: RoleError?

    /// The agreement screen (`run.screen_after`), fed with every round this aggregator closes.
    /// In memory only: a restarted aggregator gathers its evidence again.
    var screen: AgreementScreen?

    var roundsClosed = 0
    var roundsGivenUp = 0
    var contributionsAccepted = 0
    var latestSequence: UInt64 = 0
    /// Set by the first broker message on the broadcast. Heartbeats (which make the broker
    /// count this aggregator live and open rounds) wait for it, so no ROUND_OPEN is
    /// published before this aggregator's subscription is in place (the slow-joiner problem).
    var broadcastReady = false
    /// When the broadcast last delivered anything (milliseconds, ``AggregatorClock``). After
    /// `liveness` silent heartbeat periods the broker counts as gone and ``broadcastReady`` is
    /// cleared again: a restarted broker must not hear this aggregator's heartbeats (and open
    /// a round) before the subscription to its new PUB socket delivers.
    var lastHeardBroker: UInt64 = 0
    /// `drops.total` when the status file was last written.
    private var dropsAtLastWrite = 0

    /// Creates, configures and attaches the four sockets.
    init(configuration: AggregatorConfiguration, context: Context, statusPath: String) throws(RoleError) {
        self.configuration = configuration
        self.statusPath = statusPath
        screen = configuration.run.makeScreen()
        log = RoleLog(role: "aggregator", id: configuration.me.name)
        drops = DropCounter(log: log)
        contributionDrops = DropCounter(log: log, logFirst: 0)
        metrics = RoleMetrics(role: "aggregator-\(configuration.me.name)")
        metrics.count(MetricName.aggregatesSent, by: 0)     // the series exists from the start
        // Room for one early message per trainer and one partial per other aggregator.
        early = EarlyInbox(capacity: configuration.run.clients + configuration.deployment.aggregators.count)
        let options = SocketDefaults.options(maxFrameBytes: configuration.limits.maximumFrameSize)
        let d = configuration.deployment
        let security: RoleSecurity
        do { security = try RoleSecurity(deployment: d, identity: .aggregator(configuration.me.name), log: log) } catch {
            throw RoleError(.configuration, "load the aggregator's CURVE keys", "\(error)")
        }
        self.security = security
        var made: [any Socket] = []
        func step<T>(_ operation: String, _ body: () throws -> T) throws(RoleError) -> T {
            do { return try body() } catch {
                for s in made { try? s.close(linger: .zero) }
                security.stop()
                throw RoleError(.socket, operation, "\(error)")
            }
        }
        // Before any bind: an authenticating socket refuses everyone while no handler runs.
        try step("start the ZAP handler") { try security.start(context: context) }
        let upstreamServer: PeerIdentity = configuration.isRoot ? .broker : .aggregator(configuration.me.upstream)
        subscriber = try step("create SUB") {
            try Subscriber(context: context, options: security.clientOptions(options, server: d.broadcaster))
        }
        made.append(subscriber)
        puller = try step("create PULL") {
            try Puller(context: context, options: security.serverOptions(options, domain: .contributions))
        }
        made.append(puller)
        pusher = try step("create PUSH") { try Pusher(context: context, options: security.clientOptions(options, server: upstreamServer)) }
        made.append(pusher)
        dealer = try step("create DEALER") { try Dealer(context: context, options: security.clientOptions(options, server: .broker)) }
        made.append(dealer)
        let watched = puller
        handshakes = try step("monitor the contributions socket") {
            try HandshakeWatch(sockets: [watched], enabled: security.isEnabled)
        }
        let subscriber = subscriber, puller = puller, pusher = pusher, dealer = dealer
        let upstream = configuration.upstreamEndpoint
        try step("subscribe \(d.broadcast.connect)") {
            try subscriber.subscribe([UInt8]())
            try subscriber.connect(d.broadcast.connect)
        }
        _ = try step("bind contributions \(configuration.me.contributions.bind)") {
            try puller.bind(configuration.me.contributions.bind)
        }
        try step("connect upstream \(upstream)") { try pusher.connect(upstream) }
        try step("connect control \(d.broker.control.connect)") { try dealer.connect(d.broker.control.connect) }
    }

    func close() {
        handshakes.close()
        for s in sockets where !s.isClosed { try? s.close(linger: .zero) }
        security.stop()
    }

    /// Runs the role: broadcast, uplink and control sockets under the ``RoleRuntime``,
    /// with this loop's heartbeat, deadlines and pending sends as its timers.
    func run(stop: () -> Bool) throws(RoleError) -> RoleStatus {
        let runtime = RoleRuntime(heartbeat: .milliseconds(max(1, configuration.deployment.broker.heartbeatMilliseconds)),
                                  releasesFreedMemory: true)
        let limits = configuration.limits
        runtime.receive(from: subscriber, RoleRuntime.decodingBroadcast(subscriber, limits: limits, drops: drops) {
            [unowned self] _, message in handleBroadcast(message)
        })
        runtime.receive(from: puller, RoleRuntime.decoding(puller, limits: limits, drops: drops) {
            [unowned self] _, message in
            if case .failure(let reason) = security.check(puller.lastSender, on: .contributions, claims: Self.claimant(of: message)) {
                return dropUplink(reason, "\(message.type) from \(puller.lastSender?.userID ?? "an unauthenticated peer")")
            }
            handleUplink(message)
        })
        // The broker never writes to an aggregator's DEALER; anything there is read and dropped.
        runtime.receive(from: dealer, RoleRuntime.decoding(dealer, limits: limits, drops: drops) { _, _ in })
        handshakes.register(with: runtime)
        log.info("\(configuration.isRoot ? "root" : "edge") aggregator up: contributions \(configuration.me.contributions.bind), upstream \(configuration.upstreamEndpoint)")
        writeStatus()
        try runtime.run(self, stop: stop)
        if let failure { throw failure }
        return finish()
    }

    /// Sends the aggregate now, or keeps it for a retry until its round's deadline.
    func send(_ aggregate: Aggregate, deadline: UInt64) {
        pending = (Message.aggregate(aggregate).encode(), aggregate.round, deadline)
        try? flushPending(now: AggregatorClock.nowMilliseconds())
    }

    func flushPending(now: UInt64) throws(RoleError) {
        guard let p = pending else { return }
        let outcome: SendOutcome
        do { outcome = try pusher.send(frame: p.frame, dontWait: true) } catch {
            throw RoleError(.socket, "send aggregate", "\(error)")
        }
        switch outcome {
        case .sent:
            pending = nil
            metrics.count(MetricName.aggregatesSent)
            log.info("round \(p.round): aggregate sent upstream")
        case .wouldBlock, .interrupted:
            if now > p.deadline {
                log.warn("round \(p.round): upstream \(configuration.upstreamEndpoint) never took the aggregate before the deadline")
                pending = nil
            }
        case .terminated:
            pending = nil
        }
    }

    func sendHeartbeat(now: UInt64) {
        let beat = Heartbeat(role: .aggregator, senderID: UInt32(clamping: configuration.index), runID: configuration.runID,
                             latestSequence: latestSequence, round: current?.round ?? 0, unixTimeMilliseconds: now)
        // A DEALER with no broker yet refuses without blocking; the next period retries.
        _ = try? dealer.send(frame: Message.heartbeat(beat).encode(), dontWait: true)
    }

    /// True once the run's target number of rounds is committed (as far as this aggregator knows).
    var isDone: Bool { latestSequence >= UInt64(max(0, configuration.run.rounds)) }

    /// The status as of now.
    var status: RoleStatus {
        var status = RoleStatus(role: "aggregator-\(configuration.me.name)")
        status.name = configuration.me.name
        status.done = isDone
        status.drops = drops.counts
        status.wireBytes = WireBytes(summing: namedCounters)
        status.roundsClosed = roundsClosed
        status.roundsGivenUp = roundsGivenUp
        status.contributionsAccepted = contributionsAccepted
        status.earlyHeld = early.held.count
        status.currentRound = current?.round ?? 0
        status.latestSequence = latestSequence
        if security.isEnabled { status.handshakesRefused = handshakes.failures }
        if let screen {
            status.contributionsScreened = screen.leftOut
            status.trainersDistrusted = screen.distrusted
        }
        return status
    }

    /// Brings the metrics up to date with the loop's own counts (each heartbeat and status).
    func updateMetrics() {
        guard metrics.isRecording else { return }
        metrics.mirrorDrops(drops.counts)
        metrics.mirrorDrops(contributionDrops.counts, as: MetricName.contributionsDropped)
        metrics.mirrorSockets(namedCounters)
        metrics.mirror(MetricName.contributionsAccepted, total: Int64(contributionsAccepted))
        metrics.mirror(MetricName.roundsGivenUp, total: Int64(roundsGivenUp))
    }

    func writeStatus() {
        updateMetrics()
        dropsAtLastWrite = drops.total
        statusFile.publish(status)
    }

    private func finish() -> RoleStatus {
        let final = status
        writeStatus()
        log.info("stopping: \(roundsClosed) rounds closed, \(roundsGivenUp) given up, \(drops.total) drops")
        return final
    }
}

extension AggregatorLoop: RoleTimers {
    /// Heartbeats while the broadcast works; after `liveness` silent periods of the broker
    /// they wait for it (a restarted broker must not count this aggregator live before its
    /// subscription is back). Drops change no round, so they are published at most once
    /// per heartbeat period: a peer flooding garbage cannot become a flood of file writes.
    func heartbeat(now: ContinuousClock.Instant) {
        security.reloadIfDue()
        let wall = AggregatorClock.nowMilliseconds()
        let period = UInt64(max(1, configuration.deployment.broker.heartbeatMilliseconds))
        let window = period * UInt64(max(1, configuration.deployment.broker.liveness))
        if broadcastReady && wall &- lastHeardBroker > window {
            broadcastReady = false
            log.warn("broker silent for \(wall &- lastHeardBroker) ms; heartbeats wait for its broadcast")
        }
        if broadcastReady { sendHeartbeat(now: wall) }
        // Writing the status updates the metrics too.
        if drops.total != dropsAtLastWrite { writeStatus() } else { updateMetrics() }
    }

    /// The round's deadline (a wall-clock time: ROUND_OPEN carries it) and the pending send.
    func tick(now: ContinuousClock.Instant) {
        let wall = AggregatorClock.nowMilliseconds()
        checkDeadline(now: wall)
        do { try flushPending(now: wall) } catch { failure = error }
    }

    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        if pending != nil { return now + .milliseconds(10) }
        guard let c = current, !c.finished else { return nil }
        let wall = AggregatorClock.nowMilliseconds()
        return now + .milliseconds(Int64(clamping: c.open.deadlineUnixMilliseconds &- min(wall, c.open.deadlineUnixMilliseconds)))
    }

    var isFinished: Bool { failure != nil }
}

/// Wall-clock milliseconds since the Unix epoch: the clock ROUND_OPEN deadlines use.
enum AggregatorClock {
    static func nowMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}
