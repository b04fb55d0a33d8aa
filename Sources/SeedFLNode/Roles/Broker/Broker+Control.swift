import SeedFLWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Receiving: ROUTER (HELLO, HEARTBEAT, HISTORY_REQUEST, SNAPSHOT_REQUEST) and PULL (AGGREGATE).
extension Broker {
    /// One message from the ROUTER, if any (the runtime drains in bounded batches).
    func receiveControl() throws -> RoleRuntime.Received {
        switch try sockets.control.receiveRouted(dontWait: true) {
        case .message(let routed): handleControl(routed, from: sockets.control.lastSender)
        case .rejected(let violation): drops.drop(.oversized, detail: "control: \(violation)")
        case .wouldBlock, .interrupted: return .empty
        case .terminated: return .terminated
        }
        return .handled
    }

    /// One subscription message from the broadcast XPUB. Every SeedFL subscriber takes the
    /// whole broadcast (the empty prefix), so only that one is applied: any other prefix would
    /// only grow the subscription table, which a hostile subscriber could fill.
    func receiveSubscription() throws -> RoleRuntime.Received {
        switch try sockets.publisher.receive(dontWait: true) {
        case .message(let frames):
            guard frames.count == 1, frames[0] == [1] || frames[0] == [0] else {
                drops.drop(.subscription, detail: "\(frames.first?.count ?? 0)-byte subscription frame")
                return .handled
            }
            try sockets.publisher.confirm(frames[0])
        case .rejected(let violation): drops.drop(.oversized, detail: "subscription: \(violation)")
        case .wouldBlock, .interrupted: return .empty
        case .terminated: return .terminated
        }
        return .handled
    }

    /// One message from a DEALER peer: liveness, or a history or snapshot request answered
    /// to the sender's identity.
    func handleControl(_ routed: RoutedMessage, from sender: AuthenticatedPeer?) {
        guard let message = Inbound.decode(routed.frames, limits: limits, drops: drops) else { return }
        let run = configuration.run
        let now = clock.now
        // Whoever a HELLO or HEARTBEAT names must be whom the sender's key is bound to.
        let claimed: PeerIdentity?
        switch message {
        case .hello(let hello): claimed = .trainer(Int(hello.trainerID))
        case .heartbeat(let beat) where beat.role == .trainer: claimed = .trainer(Int(beat.senderID))
        case .heartbeat(let beat) where beat.role == .aggregator:
            let index = Int(beat.senderID)
            let aggregators = configuration.deployment.aggregators
            claimed = aggregators.indices.contains(index) ? .aggregator(aggregators[index].name) : nil
        default: claimed = nil
        }
        if case .failure(let reason) = sockets.security.check(sender, on: .control, claims: claimed) {
            return drops.drop(reason, detail: "\(message.type) from \(sender?.userID ?? "an unauthenticated peer")")
        }
        // Who pays: the key's identity when there is one, else the name the peer gave itself.
        let peer = sender.map { Array($0.userID.utf8) } ?? routed.identity
        guard messageBudget.take(upTo: 1, peer: peer, now: now) == 1 else {
            return drops.drop(.rateLimited, detail: "\(message.type) beyond the per-peer message rate")
        }
        switch message {
        case .hello(let hello):
            guard hello.runID == run.seed else { return drops.drop(.wrongRun, detail: "HELLO of run \(hello.runID)") }
            guard Int(hello.trainerID) < run.clients else {
                return drops.drop(.unknownTrainer, detail: "HELLO from trainer \(hello.trainerID)")
            }
            trainers.heard(hello.trainerID, at: now)
            processNonces.hello(hello.trainerID, nonce: hello.nonce)
        case .heartbeat(let beat):
            guard beat.runID == run.seed else { return drops.drop(.wrongRun, detail: "HEARTBEAT of run \(beat.runID)") }
            switch beat.role {
            case .trainer where Int(beat.senderID) < run.clients:
                trainers.heard(beat.senderID, at: now)
            case .aggregator where Int(beat.senderID) < configuration.deployment.aggregators.count:
                aggregators.heard(beat.senderID, at: now)
            default:
                drops.drop(.unknownSender, detail: "HEARTBEAT from \(beat.role) \(beat.senderID)")
            }
        case .historyRequest(let request):
            guard request.runID == run.seed else {
                return drops.drop(.wrongRun, detail: "HISTORY_REQUEST of run \(request.runID)")
            }
            serveHistory(request, to: routed.identity, peer: peer, now: now)
        case .snapshotRequest(let request):
            guard request.runID == run.seed else {
                return drops.drop(.wrongRun, detail: "SNAPSHOT_REQUEST of run \(request.runID)")
            }
            serveSnapshot(request, to: routed.identity)
        default:
            drops.drop(.unexpectedType, detail: "\(message.type) on the control socket")
        }
    }

    /// Sends the committed rounds after `request.afterSequence` in HISTORY_CHUNKs of at most
    /// `min(maxRecords, history_chunk)` records, the last flagged `isLast`: at most four
    /// chunks' worth per request, and no more than `peer`'s history budget allows. The last
    /// chunk carries the latest sequence, so a requester that got less asks again.
    func serveHistory(_ request: HistoryRequest, to identity: [UInt8], peer: [UInt8], now: ContinuousClock.Instant) {
        let chunk = min(Int(request.maxRecords), configuration.deployment.broker.historyChunk)
        let newer = ledger.latestSequence > request.afterSequence ? ledger.latestSequence - request.afterSequence : 0
        let wanted = Int(min(newer, UInt64(4 * configuration.deployment.broker.historyChunk)))
        let granted = wanted == 0 ? 0 : historyBudget.take(upTo: wanted, peer: peer, now: now)
        if wanted > 0 && granted == 0 {
            return drops.drop(.rateLimited, detail: "HISTORY_REQUEST beyond the per-peer history rate")
        }
        do {
            try HistoryReplay.replay(ledger: ledger, runID: configuration.run.seed, after: request.afterSequence,
                                     recordLimit: chunk, totalLimit: max(1, granted),
                                     maxFrameBytes: limits.maxFrameBytes) { chunk in
                reply(.historyChunk(chunk), to: identity)
            }
        } catch {
            drops.drop(.ledgerRead, detail: "history after \(request.afterSequence): \(error)")
        }
    }

    /// Sends one reply on the ROUTER without waiting. A peer that vanished (EHOSTUNREACH on
    /// a mandatory ROUTER) or whose queue is full loses the reply, counted; it will ask again.
    /// - Returns: whether the reply was queued.
    func reply(_ message: Message, to identity: [UInt8]) -> Bool {
        do {
            switch try sockets.control.send(to: identity, [message.encode()], dontWait: true) {
            case .sent: return true
            case .wouldBlock: drops.drop(.replyQueueFull)
            case .interrupted, .terminated: drops.drop(.replyInterrupted)
            }
        } catch let error as ZeroMQError where error.errno == EHOSTUNREACH {
            drops.drop(.unroutable, detail: "reply to a peer that is gone")
        } catch {
            drops.drop(.replyFailed, detail: "\(error)")
        }
        return false
    }
}
