import Foundation
import SeedFLWire
import ZeroMQ

/// The aggregator's sockets and round state, owned by the thread that runs the loop.
final class AggregatorLoop {
    let configuration: AggregatorConfiguration
    let log: RoleLog
    let drops: DropCounter
    let statusPath: String
    lazy var statusFile = StatusPublisher(path: statusPath, log: log)

    private let subscriber: Subscriber
    private let puller: Puller
    private let pusher: Pusher
    private let dealer: Dealer
    private var sockets: [any Socket] { [subscriber, puller, pusher, dealer] }

    /// The round being collected (or the last one, finished).
    var current: CollectingRound?
    var early: EarlyInbox
    /// An aggregate PUSH could not queue yet, kept until its round's deadline.
    var pending: (frame: [UInt8], round: UInt64, deadline: UInt64)?

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
        log = RoleLog("[aggregator \(configuration.me.name)]")
        drops = DropCounter(log: log)
        // Room for one early message per trainer and one partial per other aggregator.
        early = EarlyInbox(capacity: configuration.run.clients + configuration.deployment.aggregators.count)
        let options = SocketDefaults.options(maxFrameBytes: configuration.limits.maximumFrameSize)
        let d = configuration.deployment
        var made: [any Socket] = []
        func step<T>(_ operation: String, _ body: () throws -> T) throws(RoleError) -> T {
            do { return try body() } catch {
                for s in made { try? s.close(linger: .zero) }
                throw RoleError(.socket, operation, "\(error)")
            }
        }
        subscriber = try step("create SUB") { try Subscriber(context: context, options: options) }
        made.append(subscriber)
        puller = try step("create PULL") { try Puller(context: context, options: options) }
        made.append(puller)
        pusher = try step("create PUSH") { try Pusher(context: context, options: options) }
        made.append(pusher)
        dealer = try step("create DEALER") { try Dealer(context: context, options: options) }
        made.append(dealer)
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
        for s in sockets where !s.isClosed { try? s.close(linger: .zero) }
    }

    /// The poll loop: heartbeats, deadlines, pending sends, then whatever is readable.
    func run(stop: () -> Bool) throws(RoleError) -> RoleStatus {
        let poller = Poller()
        let subIndex = poller.register(subscriber)
        let pullIndex = poller.register(puller)
        let dealerIndex = poller.register(dealer)
        let heartbeat = UInt64(max(1, configuration.deployment.broker.heartbeatMilliseconds))
        var nextHeartbeat: UInt64 = 0
        log.info("\(configuration.isRoot ? "root" : "edge") aggregator up: contributions \(configuration.me.contributions.bind), upstream \(configuration.upstreamEndpoint)")
        writeStatus()
        while !stop() {
            let now = AggregatorClock.nowMilliseconds()
            if now >= nextHeartbeat {
                let window = heartbeat * UInt64(max(1, configuration.deployment.broker.liveness))
                if broadcastReady && now &- lastHeardBroker > window {
                    broadcastReady = false
                    log.warn("broker silent for \(now &- lastHeardBroker) ms; heartbeats wait for its broadcast")
                }
                if broadcastReady { sendHeartbeat(now: now) }
                nextHeartbeat = now + heartbeat
                // Drops change no round, so they are published at most once per heartbeat
                // period: a peer flooding garbage cannot turn into a flood of file writes.
                if drops.total != dropsAtLastWrite { writeStatus() }
            }
            checkDeadline(now: now)
            try flushPending(now: now)
            var wait = nextHeartbeat - now
            if let c = current, !c.finished { wait = min(wait, c.open.deadlineUnixMilliseconds &- now) }
            if pending != nil { wait = min(wait, 10) }
            // Short enough that a stop request is noticed promptly.
            wait = min(max(wait, 1), 100)
            let outcome: PollOutcome
            do { outcome = try poller.poll(timeout: .milliseconds(Int64(wait))) } catch {
                throw RoleError(.socket, "poll", "\(error)")
            }
            switch outcome {
            case .timedOut, .interrupted: continue
            case .terminated: return finish()
            case .ready(let events):
                if events[subIndex].contains(.readable), try drain(subscriber, handle: handleBroadcast) { return finish() }
                if events[pullIndex].contains(.readable), try drain(puller, handle: handleUplink) { return finish() }
                if events[dealerIndex].contains(.readable), try drain(dealer, handle: { _ in }) { return finish() }
            }
        }
        return finish()
    }

    /// Receives every queued message of `socket` (at most a bounded batch, so one busy
    /// socket cannot starve the others or the deadline). Returns true when the context
    /// was terminated.
    private func drain(_ socket: any ReceivingSocket, handle: (Message) -> Void) throws(RoleError) -> Bool {
        for _ in 0..<1024 {
            let outcome: ReceiveOutcome<[[UInt8]]>
            do { outcome = try socket.receive(dontWait: true) } catch {
                throw RoleError(.socket, "receive", "\(error)")
            }
            switch outcome {
            case .message(let frames):
                if let message = Inbound.decode(frames, limits: configuration.limits, drops: drops) { handle(message) }
            case .wouldBlock, .interrupted: return false
            case .terminated: return true
            case .rejected(let violation): drops.drop(.oversized, detail: "\(violation)")
            }
        }
        return false
    }

    /// Sends the aggregate now, or keeps it for a retry until its round's deadline.
    func send(_ aggregate: Aggregate, deadline: UInt64) {
        pending = (Message.aggregate(aggregate).encode(), aggregate.round, deadline)
        try? flushPending(now: AggregatorClock.nowMilliseconds())
    }

    private func flushPending(now: UInt64) throws(RoleError) {
        guard let p = pending else { return }
        let outcome: SendOutcome
        do { outcome = try pusher.send(frame: p.frame, dontWait: true) } catch {
            throw RoleError(.socket, "send aggregate", "\(error)")
        }
        switch outcome {
        case .sent:
            pending = nil
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

    private func sendHeartbeat(now: UInt64) {
        let beat = Heartbeat(role: .aggregator, senderID: UInt32(clamping: configuration.index), runID: configuration.runID,
                             latestSequence: latestSequence, round: current?.round ?? 0, unixTimeMilliseconds: now)
        // A DEALER with no broker yet refuses without blocking; the next period retries.
        _ = try? dealer.send(frame: Message.heartbeat(beat).encode(), dontWait: true)
    }

    /// True once the run's target number of rounds is committed (as far as this aggregator knows).
    var isDone: Bool { latestSequence >= UInt64(max(0, configuration.run.rounds)) }

    /// The status as of now.
    var status: RoleStatus {
        var sent: UInt64 = 0, received: UInt64 = 0
        for s in sockets where !s.isClosed {
            sent &+= s.counters.bytesSent
            received &+= s.counters.bytesReceived
        }
        var status = RoleStatus(role: "aggregator-\(configuration.me.name)")
        status.name = configuration.me.name
        status.done = isDone
        status.drops = drops.counts
        status.wireBytes = WireBytes(sent: Int(clamping: sent), received: Int(clamping: received))
        status.roundsClosed = roundsClosed
        status.roundsGivenUp = roundsGivenUp
        status.contributionsAccepted = contributionsAccepted
        status.earlyHeld = early.held.count
        status.currentRound = current?.round ?? 0
        status.latestSequence = latestSequence
        return status
    }

    func writeStatus() {
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

/// Wall-clock milliseconds since the Unix epoch: the clock ROUND_OPEN deadlines use.
enum AggregatorClock {
    static func nowMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}
