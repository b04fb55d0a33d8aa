import SeedFLCore

/// A synthetic least-squares problem of any dimension, for scaling and estimator tests.
///
/// Example `j` carries a scalar shift `delta_j`; its loss is
/// `f_j(x) = 1/2 * sum_i h_i * (x_i - c_i - delta_j)^2` with curvatures `h_i` in [0.5, 1.5]
/// and centres `c_i ~ N(0, 1)`, all drawn from the seed. The batch mean has a closed form
/// (`1/2 sum_i h_i (x_i - c_i - mean(delta))^2 + 1/2 sum_i h_i * var(delta)`), so a loss
/// costs one pass over `x` whatever the batch size, and the exact gradient is known:
/// `h * (x - c - mean(delta))`. Clients that own different examples see different optima,
/// which gives the heterogeneity federated tests need.
public final class SyntheticQuadratic: TrainableModel {
    public let space: ParameterSpace
    public let trainCount: Int
    public let testCount: Int
    public var trainLabels: [Int]? { nil }
    let curvature: [Float]
    let centre: [Float]
    let trainShift: [Double]
    let testShift: [Double]
    let curvatureSum: Double

    /// - Parameters:
    ///   - dimension: number of trainable scalars `d`.
    ///   - examples: training examples (each one scalar shift); the test set has a quarter as many.
    public init(dimension: Int, examples: Int = 1000, seed: UInt64 = 1) throws {
        space = try ParameterSpace(tensors: [TensorSpec(name: "x", shape: [dimension])])
        var rng = SplitMix64(seed, 0x5157)
        var h = [Float](repeating: 0, count: dimension)
        var c = [Float](repeating: 0, count: dimension)
        var sum = 0.0
        for i in 0..<dimension {
            h[i] = Float(0.5 + rng.nextUnitDouble())
            c[i] = Float(rng.nextGaussian())
            sum += Double(h[i])
        }
        curvature = h
        centre = c
        curvatureSum = sum
        trainCount = examples
        testCount = max(1, examples / 4)
        trainShift = (0..<examples).map { _ in 0.5 * rng.nextGaussian() }
        testShift = (0..<max(1, examples / 4)).map { _ in 0.5 * rng.nextGaussian() }
    }

    public func initialParameters() -> [Float] { [Float](repeating: 0, count: space.dimension) }

    public func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
        let shifts = examples.map { trainShift[$0] }
        return value(x, perturbation: perturbation, shifts: shifts)
    }

    public func evaluate(at x: [Float], examples: [Int]) -> Evaluation {
        let shifts = examples.map { testShift[$0] }
        return Evaluation(loss: value(x, perturbation: nil, shifts: shifts), accuracy: nil, examples: examples.count)
    }

    /// The exact gradient of the mean training loss over `examples` (for tests).
    public func gradient(at x: [Float], examples: [Int]) -> [Double] {
        let mean = examples.map { trainShift[$0] }.reduce(0, +) / Double(max(1, examples.count))
        return x.indices.map { Double(curvature[$0]) * (Double(x[$0]) - Double(centre[$0]) - mean) }
    }

    private func value(_ x: [Float], perturbation: Perturbation?, shifts: [Double]) -> Double {
        guard !shifts.isEmpty else { return 0 }
        let mean = shifts.reduce(0, +) / Double(shifts.count)
        let variance = shifts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(shifts.count)
        var total = 0.0
        PerturbedChunks.forEach(x, perturbation: perturbation) { start, values in
            var partial = 0.0
            for j in 0..<values.count {
                let r = Double(values[j]) - Double(centre[start + j]) - mean
                partial += Double(curvature[start + j]) * r * r
            }
            total += partial
        }
        return 0.5 * total + 0.5 * curvatureSum * variance
    }
}
