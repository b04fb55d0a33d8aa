import Foundation
import SeedFLCore
import SeedFLStore
import SeedFLWire

/// The round lifecycle: open when enough peers are live, commit on the one valid final
/// AGGREGATE, abort at the deadline or as soon as too few participants are alive for the
/// quorum; plus the periodic PUB heartbeat and noticing dead trainers.
extension Broker: RoleTimers {
    /// The PUB heartbeat, a retry of an abort the ledger refused, and the status when it
    /// changed (while the ledger is unwritable it is rewritten every heartbeat, so what `up`
    /// shows, how long and which error, stays current).
    func heartbeat(now: ContinuousClock.Instant) {
        if sockets.security.reloadIfDue() || sockets.broadcastClosed {
            do {
                try sockets.reopenBroadcast()
                log.info("broadcast re-opened: a revoked key's subscriptions are gone")
            } catch {
                log.warn("broadcast not re-opened yet (retrying every heartbeat): \(error)")
            }
        }
        messageBudget.forgetRested(now: now)
        historyBudget.forgetRested(now: now)
        retryPendingAbort()
        publishHeartbeat()
        // Writing the status updates the metrics too.
        if drops.total != dropsAtLastStatus || storageFault != nil || sockets.handshakes.failures != refusalsAtLastStatus {
            writeStatus()
        } else {
            updateMetrics()
        }
    }

    /// Wake for the round's deadline or the moment a silent trainer would die, whichever is
    /// first: deaths are noticed when they happen.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        [openRound?.deadline, trainers.nextExpiry(after: now)].compactMap { $0 }.min()
    }

    /// Everything else time-driven, in order: dead trainers, the open round's deadline, and,
    /// when no round is open, storing a finished model snapshot and opening the next round.
    func tick(now: ContinuousClock.Instant) {
        noticeDeaths(now: now)
        if let open = openRound, now >= open.deadline || abortReason(open, now: now) == .quorumMissed {
            // Too few participants are still alive for the quorum: waiting for the deadline
            // cannot help, so the round is aborted (and a fresh one opened) at once.
            abort(open, now: now)
        }
        if openRound == nil && pendingAbort == nil {
            // Between rounds: a snapshot write (seconds for a 135M-parameter model) delays the
            // next ROUND_OPEN instead of eating into an open round's deadline.
            let stored = storeReadySnapshot()
            openIfReady(now: stored ? clock.now : now)
        }
    }

    /// Logs every trainer that has just fallen silent for longer than the liveness window,
    /// and appends it to `liveness.jsonl` (best effort: the file is for people and for
    /// `seedfl chaos`, which measures how soon after a kill the broker knew).
    func noticeDeaths(now: ContinuousClock.Instant) {
        for (id, silent) in trainers.newlyDead(at: now) {
            trainersMarkedDead += 1
            let milliseconds = Int(silent.components.seconds * 1000 + silent.components.attoseconds / 1_000_000_000_000_000)
            log.info("trainer \(id) is dead: silent for \(milliseconds) ms")
            let record = LivenessRecord(trainer: Int(id), unixMilliseconds: Int64(Self.unixMilliseconds),
                                        silentMilliseconds: milliseconds)
            let path = RunDirectory(configuration.runDirectory).liveness
            do { try JSONLines<LivenessRecord>.append(record, to: path) } catch {
                log.warn("cannot append to \(path): \(error)")
            }
        }
    }

    func publishHeartbeat() {
        publish(.heartbeat(Heartbeat(role: .broker, senderID: 0, runID: configuration.run.seed,
                                     latestSequence: ledger.latestSequence, round: openRound?.round ?? 0,
                                     unixTimeMilliseconds: Self.unixMilliseconds)))
    }

    /// Opens round `ledger.nextRound` when the target is not reached, the root aggregator
    /// is live and at least ``BrokerConfiguration/requiredTrainers`` trainers are live.
    func openIfReady(now: ContinuousClock.Instant) {
        if isDone {
            if !announcedDone {
                announcedDone = true
                log.info("target of \(configuration.run.rounds) rounds committed; serving history until stopped")
                writeStatus()
            }
            return
        }
        guard let root = configuration.rootAggregatorIndex, aggregators.isLive(UInt32(root), at: now) else { return }
        let live = trainers.live(at: now)
        guard !live.isEmpty, live.count >= configuration.requiredTrainers else { return }
        let run = configuration.run
        let round = ledger.nextRound
        let seed = RoundPlan.seed(runSeed: run.seed, round: round, pool: run.zo.optimizer.seedPool)
        let participants = RoundPlan.participants(runSeed: run.seed, round: round, candidates: live, count: run.sample)
        let timeout = configuration.deployment.broker.roundTimeoutMilliseconds
        let open = OpenRound(round: round, seed: seed, participants: participants,
                             baseSequence: ledger.latestSequence, deadline: now + .milliseconds(timeout))
        openRound = open
        metrics.count(MetricName.roundsOpened)
        metrics.gauge(MetricName.openRound, Double(round))
        do { try openRoundMarker.write(round) } catch { log.warn("cannot record the open round: \(error)") }
        publish(WireMapping.roundOpen(runID: run.seed, round: round, seed: seed, run: run, participants: participants,
                                      deadline: Self.unixMilliseconds + UInt64(timeout),
                                      baseSequence: open.baseSequence))
    }

    /// Handles an AGGREGATE: commits the open round durably, then publishes it.
    func handle(_ aggregate: Aggregate) {
        let result = AggregateAcceptance.commit(aggregate, open: openRound, configuration: configuration,
                                                latestSequence: ledger.latestSequence, nonces: processNonces)
        switch result {
        case .failure(let refusal):
            drops.drop(refusal, detail: "AGGREGATE round \(aggregate.round)")
        case .success(let committed):
            do {
                try ledger.append(committed)
            } catch {
                // The round stays open: if the disk recovers, another aggregate can still
                // commit it; if not, the deadline aborts it. Nothing was published.
                drops.drop(.ledgerAppend, detail: "\(error)")
                noteStorageFailure(error)
                return
            }
            clearStorageFault()
            if let open = openRound { metrics.duration(MetricName.roundDuration, clock.now - open.opened) }
            metrics.count(MetricName.roundsCommitted)
            metrics.gauge(MetricName.openRound, 0)
            openRound = nil
            publish(WireMapping.commit(runID: configuration.run.seed, committed))
            snapshots?.apply(committed)      // durable and published: the model may move on
            log.info("committed round \(committed.round) as sequence \(committed.sequence) "
                     + "(\(committed.contributors.count) contributors, mean loss \(committed.meanLoss))")
            recordTimeline(committed)
            writeStatus()
        }
    }

    /// Appends the committed round, with the time it was committed, to `rounds.jsonl` (the
    /// run report's timeline). After the ledger and the broadcast, and best effort: the file
    /// is for people, the ledger is the record, so a failed append is logged, not fatal.
    func recordTimeline(_ committed: CommittedRound) {
        let record = RoundRecord(sequence: Int(committed.sequence), round: Int(committed.round),
                                 unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
                                 meanLoss: Double(committed.meanLoss), learningRate: Double(committed.learningRate),
                                 contributors: committed.contributors.count)
        let path = RunDirectory(configuration.runDirectory).rounds
        do { try JSONLines<RoundRecord>.append(record, to: path) } catch { log.warn("cannot append to \(path): \(error)") }
    }

    /// Aborts `open` at its deadline: records the abort durably, publishes ROUND_ABORT,
    /// and leaves the next round (fresh number, fresh seed) to ``openIfReady(now:)``.
    ///
    /// The reason is the broker's best knowledge: `aggregatorLost` when the root aggregator
    /// is no longer live, `quorumMissed` when fewer participants than the root's quorum are
    /// still live, `deadline` otherwise.
    func abort(_ open: OpenRound, now: ContinuousClock.Instant) {
        let reason = abortReason(open, now: now)
        metrics.count(MetricName.roundsAborted, [("reason", "\(reason)")])
        do {
            try ledger.recordAbort(round: open.round, reason: "\(reason)")
            abortedCount += 1
            clearStorageFault()
        } catch {
            // No round opens until this abort is recorded (retried every heartbeat), so its
            // round number and seed are never used again; the ROUND_ABORT still goes out so
            // trainers stop computing for it.
            pendingAbort = (open.round, "\(reason)")
            noteStorageFailure(error)
        }
        openRound = nil
        metrics.gauge(MetricName.openRound, 0)
        publish(.roundAbort(RoundAbort(runID: configuration.run.seed, round: open.round, reason: reason)))
        log.info("aborted round \(open.round) (\(reason))")
        writeStatus()
    }

    /// A round the previous broker process opened and neither committed nor aborted is
    /// recorded as aborted, so its number (and seed) is never used again (``OpenRoundMarker``).
    func retireInterruptedRound() {
        guard let round = openRoundMarker.read(), round >= ledger.nextRound else { return }
        metrics.count(MetricName.roundsAborted, [("reason", "broker-restart")])
        do {
            try ledger.recordAbort(round: round, reason: "broker-restart")
            abortedCount += 1
            log.info("round \(round) was open when the previous broker stopped; recorded as aborted")
        } catch {
            pendingAbort = (round, "broker-restart")
            noteStorageFailure(error)
        }
    }

    /// Records the abort the ledger refused earlier; until it succeeds no round opens.
    func retryPendingAbort() {
        guard let pending = pendingAbort else { return }
        do {
            try ledger.recordAbort(round: pending.round, reason: pending.reason)
        } catch {
            noteStorageFailure(error)
            return
        }
        abortedCount += 1
        pendingAbort = nil
        log.info("recorded the abort of round \(pending.round) (\(pending.reason)) after the ledger recovered")
        clearStorageFault()
    }

    /// Marks the ledger unwritable (logged once per streak, then visible in the status).
    func noteStorageFailure(_ error: any Error) {
        if storageFault == nil {
            log.error("the ledger cannot be written: \(error); no round opens until it can (retrying)")
            storageFault = StorageFault(message: "\(error)", since: clock.now)
        } else {
            storageFault?.message = "\(error)"
        }
        writeStatus()
    }

    /// Ends a streak of ledger failures.
    func clearStorageFault() {
        guard let fault = storageFault else { return }
        storageFault = nil
        log.info("the ledger is writable again after \(fault.seconds(at: clock.now)) s")
    }

    func abortReason(_ open: OpenRound, now: ContinuousClock.Instant) -> AbortReason {
        guard let rootIndex = configuration.rootAggregatorIndex, aggregators.isLive(UInt32(rootIndex), at: now) else {
            return .aggregatorLost
        }
        let quorum = configuration.deployment.aggregators[rootIndex].quorum
        let required = quorum.required(participants: open.participants.count)
        let live = open.participants.filter { trainers.isLive($0, at: now) }.count
        return live < required ? .quorumMissed : .deadline
    }
}
