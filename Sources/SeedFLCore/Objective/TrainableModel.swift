/// A model SeedFL can fine-tune with zeroth-order methods.
///
/// The model owns its data (training and test examples) and its frozen weights; the
/// trainable parameters are a flat `[Float]` in the order of ``space``. Losses are
/// evaluated at `x + scale * z(key)` **without writing `x`**: implementations
/// materialise the displaced values into scratch just before use. That is what keeps
/// every process bit-identical (no perturb/restore rounding drift).
public protocol TrainableModel: Sendable {
    /// The trainable parameter space (its dimension is the `d` of the ZO problem).
    var space: ParameterSpace { get }
    /// Number of training examples; example indices are `0..<trainCount`.
    var trainCount: Int { get }
    /// Class label of each training example, when the task classifies (partitioners use it).
    var trainLabels: [Int]? { get }
    /// Number of held-out test examples.
    var testCount: Int { get }
    /// The base (pre-fine-tuning) trainable parameters. Deterministic.
    func initialParameters() -> [Float]
    /// Mean training loss over `examples` at `x` displaced by `perturbation` (nil: at `x`).
    func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double
    /// Loss (and accuracy when the task classifies) on test examples `examples`.
    func evaluate(at x: [Float], examples: [Int]) -> Evaluation
}

/// What an evaluation measured.
public struct Evaluation: Sendable, Equatable, Codable {
    public var loss: Double
    /// Fraction of correct predictions in [0, 1], nil when the model does not classify.
    public var accuracy: Double?
    public var examples: Int

    public init(loss: Double, accuracy: Double?, examples: Int) {
        self.loss = loss
        self.accuracy = accuracy
        self.examples = examples
    }
}
