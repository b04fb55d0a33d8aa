import Foundation
import SeedFLCore

/// Writes a trainer's checkpoints on a thread of its own, so a large model's file (hundreds
/// of megabytes for every weight of SmolLM2) never stalls the socket thread's heartbeats.
///
/// Writes coalesce: only the newest state waiting to be written is kept (a checkpoint is a
/// shortcut for a restart, and the newest one makes every older one useless). The state is a
/// value with copy-on-write arrays, so handing it over costs nothing until the socket thread
/// applies the next commit. ``flush()`` waits until everything handed over is on disk (at
/// exit, so the final checkpoint is the final state).
final class CheckpointWriter: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`: the newest state not yet taken by the writer thread.
    private var waiting: ReplayState?
    /// Guarded by `lock`: a write is in progress or scheduled.
    private var busy = false
    /// Guarded by `lock`: the last write's failure, until the caller takes it to log it.
    private var failure: String?
    private let queue = DispatchQueue(label: "seedfl.checkpoint-writer")
    private let runFingerprint: String
    private let path: String

    init(runFingerprint: String, path: String) {
        self.runFingerprint = runFingerprint
        self.path = path
    }

    /// Hands `state` over to be written; returns at once.
    func write(_ state: ReplayState) {
        let start: Bool = lock.withLock {
            waiting = state
            if busy { return false }
            busy = true
            return true
        }
        if start { queue.async { [self] in drain() } }
    }

    /// Waits until every state handed over is written.
    func flush() { queue.sync {} }

    /// The last write's error since the previous call, if any (so the socket thread logs it).
    func takeFailure() -> String? { lock.withLock { defer { failure = nil }; return failure } }

    private func drain() {
        while let state = lock.withLock({ () -> ReplayState? in
            defer { waiting = nil }
            if waiting == nil { busy = false }
            return waiting
        }) {
            do {
                try TrainerCheckpoint.write(state, runFingerprint: runFingerprint, to: path)
            } catch {
                lock.withLock { failure = "\(error)" }
            }
        }
    }
}
