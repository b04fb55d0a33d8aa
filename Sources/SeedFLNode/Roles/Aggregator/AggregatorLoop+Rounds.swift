import SeedFLWire

/// Round bookkeeping: what each incoming message does to the current round.
extension AggregatorLoop {
    private func drop(_ reason: DropReason, _ detail: String = "") {
        drops.drop(reason, detail: detail)
    }

    /// Refuses a message of the contributions socket: counted among all drops and among the
    /// contributions dropped.
    func dropUplink(_ reason: DropReason, _ detail: String = "") {
        drops.drop(reason, detail: detail)
        contributionDrops.drop(reason)
    }

    /// SUB side: the broker's announcements. Commits and heartbeats only move the
    /// sequence the aggregator reports; contributions never arrive here.
    func handleBroadcast(_ message: Message) {
        broadcastReady = true
        lastHeardBroker = AggregatorClock.nowMilliseconds()
        switch message {
        case .roundOpen(let open): handleOpen(open)
        case .roundAbort(let abort):
            guard abort.runID == configuration.runID else { return drop(.wrongRun, "ROUND_ABORT run \(abort.runID)") }
            if var c = current, c.round == abort.round, !c.finished {
                c.finished = true
                current = c
                giveUp(c, why: "aborted by the broker (\(abort.reason))")
            }
        case .roundCommit(let commit):
            if commit.runID == configuration.runID { noteSequence(commit.sequence) }
        case .denseCommit(let commit):
            if commit.runID == configuration.runID { noteSequence(commit.sequence) }
        case .heartbeat(let beat):
            if beat.role == .broker, beat.runID == configuration.runID { noteSequence(beat.latestSequence) }
        default:
            drop(.unexpectedType, "\(message.type) on the broadcast")
        }
    }

    private func noteSequence(_ sequence: UInt64) {
        guard sequence > latestSequence else { return }
        let wasDone = isDone
        latestSequence = sequence
        if !wasDone && isDone { writeStatus() }
    }

    private func handleOpen(_ open: RoundOpen) {
        let run = configuration.run
        guard open.runID == configuration.runID else { return drop(.wrongRun, "ROUND_OPEN run \(open.runID)") }
        guard Int(open.k) == run.zo.steps, Int(open.p) == run.zo.perturbations,
              (open.mode == .denseDelta) == run.algorithm.isDense else {
            return drop(.badRoundOpen, "round \(open.round): K=\(open.k) P=\(open.p) \(open.mode)")
        }
        if let c = current {
            if open.round < c.round { return drop(.stale, "ROUND_OPEN \(open.round) after \(c.round)") }
            // The broker may republish an announcement; only a different one replaces the round.
            if open == c.open { return }
            if !c.finished { giveUp(c, why: "superseded by ROUND_OPEN \(open.round)") }
        }
        if let p = pending, p.round != open.round {
            log.warn("round \(p.round): aggregate dropped unsent, round \(open.round) opened")
            pending = nil
        }
        current = CollectingRound(open: open, configuration: configuration)
        let released = early.release(round: open.round)
        for _ in 0..<released.stale { dropUplink(.stale, "held for an earlier round") }
        for message in released.due { handleUplink(message) }
    }

    /// Whom an uplink message claims to come from: a contribution names its trainer. A
    /// partial AGGREGATE names no sender; only aggregators below this one may connect.
    static func claimant(of message: Message) -> PeerIdentity? {
        switch message {
        case .contribution(let c): .trainer(Int(c.trainerID))
        case .denseContribution(let c): .trainer(Int(c.trainerID))
        default: nil
        }
    }

    /// PULL side: trainers' contributions and edges' partial sums.
    func handleUplink(_ message: Message) {
        let input: RoundInput
        let nonces: [UInt64]
        let round: UInt64
        let runID: UInt64
        let mode: AlgorithmMode
        var baseSequence: UInt64?
        var shape: (k: UInt16, p: UInt16)?
        switch message {
        case .contribution(let c):
            input = .single(trainer: c.trainerID, values: c.scalars, baseLoss: c.baseLoss, examples: c.exampleCount)
            nonces = [c.nonce]
            (round, runID, mode, baseSequence, shape) = (c.round, c.runID, .seedScalars, c.baseSequence, (c.k, c.p))
        case .denseContribution(let c):
            input = .single(trainer: c.trainerID, values: c.values, baseLoss: c.baseLoss, examples: c.exampleCount)
            nonces = [c.nonce]
            (round, runID, mode, baseSequence) = (c.round, c.runID, .denseDelta, c.baseSequence)
        case .aggregate(let a):
            guard a.kind == .partial else { return dropUplink(.unexpectedKind, "final AGGREGATE for round \(a.round)") }
            input = .partial(contributors: a.contributors, sums: a.values, lossSum: a.baseLoss, examples: a.exampleCount)
            nonces = a.nonces
            (round, runID, mode, shape) = (a.round, a.runID, a.mode, (a.k, a.p))
        default:
            return dropUplink(.unexpectedType, "\(message.type) on the contributions socket")
        }
        guard runID == configuration.runID else { return dropUplink(.wrongRun, "run \(runID)") }
        guard var c = current, round <= c.round else {
            // Before its ROUND_OPEN: hold the next round (any round before the first open).
            // `round > c.round` here, so the subtraction cannot wrap.
            if let c = current, round - c.round > 1 { return dropUplink(.future, "round \(round) while \(c.round) is open") }
            if let reason = early.hold(message, round: round, key: input.firstContributor,
                                       isPartial: input.isPartial) {
                dropUplink(reason, "early message for round \(round)")
            } else {
                writeStatus()
            }
            return
        }
        guard round == c.round else { return dropUplink(.stale, "round \(round) while \(c.round) is open") }
        guard mode == c.open.mode else { return dropUplink(.wrongMode, "\(mode) in a \(c.open.mode) round") }
        if let shape, shape.k != c.open.k || shape.p != c.open.p {
            return dropUplink(.shape, "K=\(shape.k) P=\(shape.p), round has K=\(c.open.k) P=\(c.open.p)")
        }
        if let baseSequence, baseSequence != c.open.baseSequence {
            return dropUplink(.wrongBase, "trainer \(input.firstContributor) at sequence \(baseSequence), round base \(c.open.baseSequence)")
        }
        if case let .single(trainer, values, _, _) = input, !configuration.run.withinScalarBound(values) {
            return dropUplink(.outOfBounds, "trainer \(trainer): a value beyond scalar_bound \(configuration.run.scalarBound)")
        }
        if let reason = c.admit(input, nonces: nonces) {
            return dropUplink(reason, "round \(round), trainers \(input.contributors)")
        }
        contributionsAccepted += input.contributors.count
        if c.quorumReached {
            c.finished = true
            let kind: AggregateKind = configuration.isRoot ? .final : .partial
            roundsClosed += 1
            log.info("round \(round): closed with \(c.counted.count) of \(c.expected.count) expected contributors")
            let rule = configuration.run.aggregation
            send(c.aggregate(rule: rule, kind: kind, screen: screen), deadline: c.open.deadlineUnixMilliseconds)
            // Scored after combining, as in `simulate`: a round is judged with the trust it was combined under.
            screen?.record(c.singles, rule: rule)
        }
        current = c
        if c.finished { writeStatus() }
    }

    /// Ends the current round without sending if its deadline passed before the quorum.
    func checkDeadline(now: UInt64) {
        guard var c = current, !c.finished, now >= c.open.deadlineUnixMilliseconds else { return }
        c.finished = true
        current = c
        giveUp(c, why: "deadline with \(c.counted.count) of \(c.required) required contributors")
    }

    private func giveUp(_ round: CollectingRound, why: String) {
        roundsGivenUp += 1
        log.warn("round \(round.round): given up, \(why)")
        writeStatus()
    }
}
