import Foundation
import SeedFLCore

/// Binary logistic regression on hashed bag-of-words features of real sentences.
///
/// Trainable tensor: `weight` (`buckets` values); the logit is `w . phi(text)`.
/// Loss: mean binary cross-entropy; prediction: positive when the logit is > 0.
///
/// There is deliberately no bias: the review data are balanced (5,242 positive, 5,326
/// negative), and a bias input of 1 on every example would be the Hessian's largest
/// curvature direction by an order of magnitude, forcing a ~10x smaller stable ZO step
/// for no accuracy gain (measured with a NumPy model of the same features).
/// It is the small real classifier the simulator and tests use: same parameter space,
/// same perturbed-evaluation contract, same code paths as the language model.
public final class LogisticRegression: TrainableModel {
    public let space: ParameterSpace
    public let featurizer: HashedBagOfWords
    public var trainCount: Int { train.count }
    public var testCount: Int { test.count }
    public var trainLabels: [Int]? { train.map(\.label) }
    let train: [Example]
    let test: [Example]

    struct Example: Sendable {
        var indices: [Int32]
        var values: [Float]
        var label: Int
    }

    /// - Parameters:
    ///   - train, test: `(text, label)` pairs with labels 0 (negative) and 1 (positive).
    ///   - buckets: hashed feature slots (default 512: collisions cost a few points of
    ///     accuracy, but ZO progress per round falls as 1/d, so a small d keeps the
    ///     simulator's default run short).
    public init(train: [(text: String, label: Int)], test: [(text: String, label: Int)], buckets: Int = 512) throws {
        space = try ParameterSpace(tensors: [TensorSpec(name: "weight", shape: [buckets])])
        featurizer = HashedBagOfWords(buckets: buckets)
        let f = featurizer
        func encode(_ e: (text: String, label: Int)) -> Example {
            let feats = f.features(e.text)
            return Example(indices: feats.map { Int32($0.index) }, values: feats.map(\.value), label: e.label)
        }
        self.train = train.map(encode)
        self.test = test.map(encode)
    }

    public func initialParameters() -> [Float] { [Float](repeating: 0, count: space.dimension) }

    public func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
        let w = displaced(x, perturbation)
        var total = 0.0
        for i in examples { total += Self.crossEntropy(logit: logit(w, train[i]), label: train[i].label) }
        return examples.isEmpty ? 0 : total / Double(examples.count)
    }

    public func evaluate(at x: [Float], examples: [Int]) -> Evaluation {
        var total = 0.0
        var correct = 0
        for i in examples {
            let z = logit(x, test[i])
            total += Self.crossEntropy(logit: z, label: test[i].label)
            if (z > 0 ? 1 : 0) == test[i].label { correct += 1 }
        }
        let n = max(1, examples.count)
        return Evaluation(loss: total / Double(n), accuracy: Double(correct) / Double(n), examples: examples.count)
    }

    /// `x + scale*z` materialised once per call (d is small), never written back.
    private func displaced(_ x: [Float], _ perturbation: Perturbation?) -> [Float] {
        guard let perturbation else { return x }
        var out = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                Gaussian.perturbed(perturbation.key, scale: perturbation.scale, start: 0, base: xb, into: ob)
            }
        }
        return out
    }

    private func logit(_ w: [Float], _ e: Example) -> Double {
        var z = 0.0
        for j in e.indices.indices { z += Double(w[Int(e.indices[j])]) * Double(e.values[j]) }
        return z
    }

    /// Numerically stable `-log sigmoid(+-z)`.
    static func crossEntropy(logit z: Double, label: Int) -> Double {
        let s = label == 1 ? z : -z
        return s > 0 ? log1p(exp(-s)) : -s + log1p(exp(s))
    }
}
