import Foundation
import SeedFLCore
import SeedFLWire
import ZeroMQ

/// Catching up from a model snapshot when replaying history would take too long (DeComFL
/// appendix A.3): request the broker's latest snapshot piece by piece, verify it, load it,
/// then replay only the history after it.
extension Trainer {
    /// Snapshot bytes asked for per SNAPSHOT_REQUEST (what the broker serves per piece).
    static let snapshotPieceBytes = DecodeLimits.defaultSnapshotChunkBytes
    /// Seconds without an answer after which a download is abandoned for history replay.
    static let snapshotPieceTimeout = Duration.seconds(5)
    /// Seconds before a snapshot is asked for again after the broker had none or one was
    /// refused: by then history replay has usually closed the gap.
    static let snapshotRetryDelay = Duration.seconds(30)

    /// Starts catching up toward `latest`: a snapshot when the lag exceeds `snapshot_lag`
    /// (and none is being fetched or was refused recently), else history.
    /// - Returns: whether a request (snapshot or history) was made.
    @discardableResult
    func catchUp(toward latest: UInt64, _ dealer: Dealer) -> Bool {
        guard latest > state.appliedSequence else { return false }
        if download != nil || !backlog.isEmpty { return true }
        let lag = deployment.snapshotLag
        // A snapshot skips commits; one of them may be the commit of this trainer's own
        // pending contribution, which a personalised rate must see, so replay history then.
        let awaitsOwnCommit = logic.keepsPersonalHistory && logic.personalization.awaitsCommit
        if lag > 0, latest - state.appliedSequence > UInt64(lag), ContinuousClock.now >= nextSnapshotAttempt, !awaitsOwnCommit {
            requestSnapshot(dealer)
        } else {
            requestHistory(dealer)
        }
        return true
    }

    private func requestSnapshot(_ dealer: Dealer) {
        let size = ModelSnapshot.size(dimension: state.dimension, momentumLength: state.momentum.count)
        let fresh = SnapshotDownload(expectedSize: size)
        if catchUpStarted == nil { catchUpStarted = .now }
        log.info("lagging more than \(deployment.snapshotLag) rounds behind the broker; fetching its latest snapshot")
        download = fresh
        send(.snapshotRequest(fresh.nextRequest(runID: config.seed, maxBytes: Self.snapshotPieceBytes)), on: dealer)
    }

    /// One SNAPSHOT_CHUNK: append it, ask for the next piece, or load the finished snapshot.
    func receive(_ piece: SnapshotChunk, _ s: Sockets) {
        guard var current = download else { return drops.drop(.unexpectedSnapshot) }
        do {
            try current.receive(piece, applied: state.appliedSequence)
        } catch .unavailable {
            log.info("the broker has no snapshot; replaying history")
            return abandonSnapshot(reason: nil, detail: "", s.dealer)
        } catch {
            return abandonSnapshot(reason: .snapshotRefused, detail: "\(error)", s.dealer)
        }
        current.requestedAt = .now
        download = current
        guard current.isComplete else {
            send(.snapshotRequest(current.nextRequest(runID: config.seed, maxBytes: Self.snapshotPieceBytes)),
                 on: s.dealer)
            return
        }
        load(current, s)
    }

    /// Verifies the assembled snapshot against the announced fingerprint and sequence and
    /// makes it the replay state; then asks for the history after it.
    private func load(_ finished: SnapshotDownload, _ s: Sockets) {
        let decoded: (snapshot: ModelSnapshot, fingerprint: String)
        do {
            decoded = try ModelSnapshot.decode(finished.bytes, runFingerprint: config.fingerprint,
                                               dimension: state.dimension,
                                               momentumLength: state.momentum.count)
        } catch {
            return abandonSnapshot(reason: .snapshotRefused, detail: "\(error)", s.dealer)
        }
        guard decoded.fingerprint == finished.fingerprint, decoded.snapshot.sequence == finished.sequence else {
            return abandonSnapshot(reason: .snapshotRefused,
                                   detail: "snapshot \(finished.sequence) holds model \(decoded.fingerprint.prefix(16))… "
                                       + "at \(decoded.snapshot.sequence), announced \(finished.fingerprint.prefix(16))…",
                                   s.dealer)
        }
        download = nil
        // History may have moved the state past the snapshot while it downloaded.
        if decoded.snapshot.sequence > state.appliedSequence {
            let next = follower.reset(to: decoded.snapshot.replayState(optimizer: config.zo.optimizer,
                                                                       seedShift: seedShift))
            snapshotsLoaded += 1
            metrics.addSeconds(MetricName.snapshotLoadSeconds, (.now - finished.started).inSeconds)
            log.info("loaded the snapshot at sequence \(finished.sequence) (\(finished.bytes.count) bytes)")
            checkpoint()
            if let next { receive(next, s) }
        }
        historyRequestedAt = nil
        requestHistory(s.dealer)
        maybeContribute(s)
    }

    /// Gives up on the snapshot (counted under `reason` unless the broker simply had none),
    /// waits ``snapshotRetryDelay`` before asking again, and replays history instead.
    func abandonSnapshot(reason: DropReason?, detail: String, _ dealer: Dealer) {
        if let reason { drops.drop(reason, detail: detail) }
        download = nil
        nextSnapshotAttempt = .now + Self.snapshotRetryDelay
        historyRequestedAt = nil
        requestHistory(dealer)
    }
}
