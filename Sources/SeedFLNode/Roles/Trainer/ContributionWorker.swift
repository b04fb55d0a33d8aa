import CoreMetrics
import Foundation
import SeedFLCore

/// Runs a trainer's local computation (its K * (P + 1) forward passes) on a thread of its
/// own, so the socket thread keeps heartbeating, applying commits and honouring ROUND_ABORT
/// and SIGTERM while the model computes.
///
/// One computation at a time. The socket thread starts it with copies of what it needs (the
/// replay state and the trainer logic are values: the computation reads the model as it was
/// when the round opened, whatever commits arrive meanwhile), polls ``takeFinished()`` on
/// every pass of its loop, and may ``cancel()`` it: the computation then stops at its next
/// forward pass (``CancellableModel``) and its result is never delivered.
///
/// Why a thread and not Swift concurrency: the forward pass is synchronous CPU work behind a
/// lock (one BLAS call after another) and the socket side is a ZeroMQ poll loop that must own
/// its sockets on one thread; a dedicated thread per computation keeps both as they are, and
/// the handoff is two fields under a lock.
final class ContributionWorker: @unchecked Sendable {
    /// What a finished computation hands back.
    struct Finished {
        /// The round it computed for.
        var round: UInt64
        /// The ledger sequence the computation started from.
        var baseSequence: UInt64
        var result: LocalResult
    }

    /// Where a computation records what it did (swift-metrics handles: safe on any thread).
    struct Metrics: Sendable {
        /// Forward passes run, a cancelled computation's included (they cost the same).
        var forwardPasses: Counter
        /// Seconds of each computation that finished.
        var duration: CoreMetrics.Timer
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private var running: (round: UInt64, cancel: () -> Void)?
    /// Guarded by `lock`.
    private var finished: Finished?
    /// Guarded by `lock`; the thread of the current computation, to wait for on stop.
    private var done: DispatchSemaphore?

    /// The round being computed, if any (finished but not yet taken counts as idle).
    var computingRound: UInt64? { lock.withLock { running?.round } }

    /// Starts computing `round` from `state` with a copy of `logic`. The caller makes sure no
    /// other computation runs (``computingRound`` is nil).
    func start(round: UInt64, seed: UInt64, state: ReplayState, logic: TrainerLogic,
               model: some TrainableModel, metrics: Metrics? = nil) {
        let cancellable = CancellableModel(model)
        let semaphore = DispatchSemaphore(value: 0)
        lock.withLock {
            precondition(running == nil, "one computation at a time")
            running = (round, cancellable.cancel)
            done = semaphore
        }
        let thread = Thread { [self] in
            let started = ContinuousClock.now
            let result = logic.compute(model: cancellable, state: state, round: round, seed: seed)
            if let metrics {
                metrics.forwardPasses.increment(by: Int64(cancellable.forwardPasses))
                if !cancellable.isCancelled { metrics.duration.recordNanoseconds(RoleMetrics.nanoseconds(.now - started)) }
            }
            lock.withLock {
                if !cancellable.isCancelled {
                    finished = Finished(round: round, baseSequence: state.appliedSequence, result: result)
                }
                running = nil
            }
            semaphore.signal()
        }
        thread.name = "contribution-\(round)"
        // The forward pass keeps its workspace on this thread's stack frames; 8 MB as for the main thread.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Abandons the running computation, if it is for `round` (any round when nil). It stops at
    /// its next forward pass; nothing is delivered for it.
    func cancel(round: UInt64? = nil) {
        lock.withLock {
            guard let running, round == nil || running.round == round else { return }
            running.cancel()
        }
    }

    /// The finished computation, once (nil while computing or when there is none).
    func takeFinished() -> Finished? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Cancels any computation and waits until its thread has left the model (at most one
    /// forward pass), so that the process can exit or reuse the model safely.
    func stop() {
        let semaphore: DispatchSemaphore? = lock.withLock {
            running?.cancel()
            return running == nil ? nil : done
        }
        semaphore?.wait()
        _ = takeFinished()
    }
}
