import Foundation
import SeedFLCore

/// The broker's copy of the model, kept in step with the ledger on a background queue, and
/// serialised as a ``ModelSnapshot`` every `every` commits.
///
/// Why a background queue: applying a round regenerates K*P Gaussian vectors of d values, and
/// serialising and hashing a 135M-parameter model reads 540 MB; on the broker's loop either
/// would stall heartbeats and deadlines. The loop hands each durable commit over with
/// ``apply(_:)`` (non-blocking) and collects finished snapshots with ``takeReady()``; only the
/// ledger write stays on the loop, because the ledger belongs to the loop's thread.
///
/// `@unchecked Sendable`: ``state`` is touched only on ``queue`` (a serial queue); ``ready``
/// and ``failure`` only under ``lock``.
final class SnapshotKeeper: @unchecked Sendable {
    /// A serialised model, waiting to be stored.
    struct Made: Sendable {
        var sequence: UInt64
        var fingerprint: String
        var bytes: [UInt8]
        /// Time spent serialising and hashing (not applying rounds), for the log.
        var encodeSeconds: Double
    }

    /// Commits between snapshots: a snapshot is made after every sequence that is a multiple.
    let every: Int
    /// The run's configuration fingerprint, written into every snapshot.
    let runFingerprint: String
    private let queue = DispatchQueue(label: "seedfl.broker.snapshots")
    private let lock = NSLock()
    private var state: ReplayState
    private var ready: Made?
    private var failure: String?

    /// - Parameters:
    ///   - state: the model at some applied sequence (base, or a stored snapshot).
    ///   - every: commits between snapshots (>= 1).
    init(state: ReplayState, every: Int, runFingerprint: String) {
        self.state = state
        self.every = max(1, every)
        self.runFingerprint = runFingerprint
    }

    /// Applies `round` (the next committed round) in the background; at a multiple of
    /// `every`, serialises the model. A round that does not apply (out of order: a bug, or a
    /// ledger that changed under us) stops the keeper and is reported by ``takeFailure()``.
    func apply(_ round: CommittedRound) {
        queue.async { [self] in
            guard failureReason == nil else { return }
            do {
                // One thread: the broker shares the machine with its own loop and often with
                // trainers; replay is bit-identical for any thread count.
                try state.apply(round, threads: 1)
            } catch {
                lock.withLock { failure = "\(error)" }
                return
            }
            guard round.sequence % UInt64(every) == 0 else { return }
            let started = Date()
            let (bytes, fingerprint) = ModelSnapshot.encode(state, runFingerprint: runFingerprint)
            let made = Made(sequence: round.sequence, fingerprint: fingerprint, bytes: bytes,
                            encodeSeconds: Date().timeIntervalSince(started))
            // Only the newest matters: a newer snapshot supersedes one not yet stored.
            lock.withLock { ready = made }
        }
    }

    /// The newest snapshot made since the last call, if any.
    func takeReady() -> Made? {
        lock.withLock {
            defer { ready = nil }
            return ready
        }
    }

    /// Why the keeper stopped (nil while it works). Set once and kept: after a round that
    /// does not apply, every later snapshot would be wrong, so none is made.
    var failureReason: String? { lock.withLock { failure } }
}
