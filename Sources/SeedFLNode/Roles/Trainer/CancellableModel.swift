import Synchronization
import SeedFLCore

/// A trainable model whose forward passes can be stopped from another thread: once
/// ``cancel()`` is called, every later `loss` returns NaN at once instead of running a pass.
///
/// The local algorithms (``LocalTraining``) are plain loops over forward passes; wrapping the
/// model lets a trainer abandon a computation at the next forward-pass boundary (a
/// ROUND_ABORT, SIGTERM) without threading a cancellation check through them. A cancelled
/// result is meaningless and is always discarded by the caller (``ContributionWorker``).
final class CancellableModel<Base: TrainableModel>: TrainableModel {
    private let base: Base
    private let cancelled = Atomic<Bool>(false)
    private let passes = Atomic<Int>(0)

    init(_ base: Base) { self.base = base }

    /// Stops the computation at its next forward pass.
    func cancel() { cancelled.store(true, ordering: .releasing) }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Forward passes run so far (`loss` calls that reached the model).
    var forwardPasses: Int { passes.load(ordering: .relaxed) }

    var space: ParameterSpace { base.space }
    var trainCount: Int { base.trainCount }
    var trainLabels: [Int]? { base.trainLabels }
    var testCount: Int { base.testCount }
    func initialParameters() -> [Float] { base.initialParameters() }

    func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
        if isCancelled { return .nan }
        passes.add(1, ordering: .relaxed)
        return base.loss(at: x, perturbation: perturbation, examples: examples)
    }

    func evaluate(at x: [Float], examples: [Int]) -> Evaluation {
        base.evaluate(at: x, examples: examples)
    }
}
