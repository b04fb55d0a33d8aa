import Foundation
import SeedFLCore
import SeedFLStore
import SeedFLWire

/// Model snapshots for trainers that lag too far to replay history (DeComFL appendix A.3):
/// building the model beside the ledger, storing a snapshot every `snapshot_every` commits,
/// and serving SNAPSHOT_REQUESTs piece by piece.
///
/// The ledger's snapshot fingerprint is the *model* fingerprint (``ReplayState/fingerprint``,
/// what `seedfl verify` prints), which the trainer recomputes from the decoded snapshot.
///
/// Costs, measured with the release build on this (shared, 2-core) machine:
/// applying each commit and serialising + hashing run on ``SnapshotKeeper``'s queue, off the
/// loop; the ledger write (one fsync'ed transaction of 1 MiB rows) runs on the loop, between
/// rounds, and is the stall a snapshot costs it.
///
/// | model | snapshot | encode (background) | ledger write (loop) |
/// | --- | --- | --- | --- |
/// | logreg d = 512 | 2.2 KB | < 1 ms | 1-7 ms |
/// | SmolLM2-135M LoRA r=8 q,v (d = 460 800) | 1.8 MB | 5-11 ms | 12-16 ms |
/// | SmolLM2-135M full (d = 134 515 008) | 538 MB | 2.4 s (6.7 s under load) | 3.6 s (11.9 s under load) |
///
/// For full-model runs keep `snapshot_every` large and `liveness * heartbeat_ms` above the
/// write time (peers that hear nothing for longer re-introduce themselves, which is harmless).
extension Broker {
    /// Snapshot bytes per SNAPSHOT_CHUNK: the ledger's row size, so a piece is one row read.
    static let snapshotPieceBytes = DecodeLimits.defaultSnapshotChunkBytes

    /// Snapshots older than the newest `snapshotsKept` are pruned: one is enough to serve,
    /// the second keeps a download that started just before a new snapshot servable.
    static let snapshotsKept = 2

    /// Builds the keeper for a broker whose deployment has `snapshot_every > 0`: the run's
    /// base model, replaced by the ledger's latest snapshot when that one verifies, then the
    /// ledger's tail handed over (applied in the background).
    ///
    /// - Throws: ``RoleError`` `.model` when the model cannot be prepared, `.ledger` when the
    ///   ledger cannot be read.
    static func makeSnapshotKeeper(configuration: BrokerConfiguration, ledger: Ledger,
                                   log: RoleLog) throws -> SnapshotKeeper {
        let run = configuration.run
        let base: [Float]
        do {
            base = try ModelFactory.bareModel(run).initialParameters()
        } catch {
            throw RoleError(.model, "prepare the model for snapshots", "\(error)")
        }
        var state = ReplayState(base: base, optimizer: run.zo.optimizer, seedShift: try run.seedShift())
        do {
            if let info = try ledger.latestSnapshot() {
                let bytes = try ledger.snapshotChunk(sequence: info.sequence, offset: 0, length: info.size)
                do {
                    let (snapshot, fingerprint) = try ModelSnapshot.decode(
                        bytes, runFingerprint: run.fingerprint, dimension: base.count,
                        momentumLength: state.momentum.count)
                    guard fingerprint == info.fingerprint, snapshot.sequence == info.sequence else {
                        throw ModelSnapshot.Invalid(reason: "it does not match its ledger row")
                    }
                    state = snapshot.replayState(optimizer: run.zo.optimizer, seedShift: try run.seedShift())
                    log.info("snapshot model resumed from the snapshot at sequence \(info.sequence)")
                } catch {
                    log.warn("stored snapshot at sequence \(info.sequence): \(error); rebuilding from the base model")
                }
            }
            let keeper = SnapshotKeeper(state: state, every: configuration.deployment.broker.snapshotEvery,
                                        runFingerprint: run.fingerprint)
            var cursor = state.appliedSequence
            while cursor < ledger.latestSequence {
                let rounds = try ledger.rounds(after: cursor, limit: 256)
                guard let last = rounds.last else { break }
                for round in rounds { keeper.apply(round) }
                cursor = last.sequence
            }
            return keeper
        } catch let error as RoleError {
            throw error
        } catch {
            throw RoleError(.ledger, "read the ledger to rebuild the snapshot model", "\(error)")
        }
    }

    /// Stores the snapshot the keeper finished, if any (called from ``tick(now:)`` between
    /// rounds), then prunes older ones. A failure is logged and counted, never fatal:
    /// snapshots are an optimisation, the ledger stays complete without them.
    /// - Returns: whether a snapshot was written (the loop then stalled for the write).
    @discardableResult
    func storeReadySnapshot() -> Bool {
        guard let keeper = snapshots else { return false }
        if let reason = keeper.failureReason, !snapshotFailureReported {
            snapshotFailureReported = true
            log.error("snapshot model stopped: \(reason); no further snapshots")
        }
        guard let made = keeper.takeReady() else { return false }
        let started = clock.now
        do {
            try ledger.putSnapshot(sequence: made.sequence, fingerprint: made.fingerprint, bytes: made.bytes)
            try ledger.pruneSnapshots(keepingLatest: Self.snapshotsKept)
        } catch {
            drops.drop(.snapshotStore, detail: "\(error)")
            return true
        }
        let (whole, atto) = (clock.now - started).components
        let writeSeconds = Double(whole) + Double(atto) / 1e18
        snapshotsStored += 1
        metrics.count(MetricName.snapshotsStored)
        metrics.addSeconds(MetricName.snapshotStoreSeconds, made.encodeSeconds + writeSeconds)
        latestSnapshotSequence = made.sequence
        log.info(String(format: "stored snapshot at sequence %llu: %d bytes, encoded in %.3f s (background), written in %.3f s",
                        made.sequence, made.bytes.count, made.encodeSeconds, writeSeconds))
        writeStatus()
        return true
    }

    /// Answers a SNAPSHOT_REQUEST with one SNAPSHOT_CHUNK: the requested piece, clamped to
    /// ``snapshotPieceBytes``, or "unavailable" when there is no such snapshot (none stored,
    /// or the one named was pruned) or the offset is past its end.
    func serveSnapshot(_ request: SnapshotRequest, to identity: [UInt8]) {
        let runID = configuration.run.seed
        do {
            let info = request.sequence == 0 ? try ledger.latestSnapshot()
                                             : try ledger.snapshotInfo(sequence: request.sequence)
            guard let info, request.offset < UInt64(info.size) else {
                _ = reply(.snapshotChunk(.unavailable(runID: runID)), to: identity)
                return
            }
            let offset = Int(request.offset)
            let length = min(Int(request.maxBytes), Self.snapshotPieceBytes, info.size - offset)
            let bytes = try ledger.snapshotChunk(sequence: info.sequence, offset: offset, length: length)
            _ = reply(.snapshotChunk(SnapshotChunk(runID: runID, sequence: info.sequence, totalSize: UInt64(info.size),
                                                   offset: request.offset, fingerprint: info.fingerprint,
                                                   isLast: offset + length == info.size, bytes: bytes)),
                      to: identity)
        } catch {
            drops.drop(.ledgerRead, detail: "snapshot \(request.sequence) at \(request.offset): \(error)")
        }
    }
}
