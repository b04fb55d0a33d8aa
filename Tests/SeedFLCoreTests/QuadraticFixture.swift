import SeedFLCore

/// A small real objective for Core tests: `f(x) = 1/2 sum_i h_i (x_i - c_i)^2` on the
/// examples' shared optimum, with the perturbed evaluation done the SeedFL way
/// (materialise `x + scale*z` into scratch, never write `x`).
final class Quadratic: TrainableModel {
    let space: ParameterSpace
    let h: [Double]
    let c: [Double]
    var trainCount: Int { 100 }
    var trainLabels: [Int]? { nil }
    var testCount: Int { 1 }

    init(dimension: Int, seed: UInt64 = 3) {
        space = try! ParameterSpace(tensors: [TensorSpec(name: "x", shape: [dimension])])
        var g = SplitMix64(seed: seed)
        h = (0..<dimension).map { _ in 0.5 + g.nextUnitDouble() }
        c = (0..<dimension).map { _ in g.nextGaussian() }
    }

    func initialParameters() -> [Float] { [Float](repeating: 0, count: space.dimension) }

    func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
        var v = x
        if let perturbation {
            x.withUnsafeBufferPointer { xb in
                v.withUnsafeMutableBufferPointer { vb in
                    Gaussian.perturbed(perturbation.key, scale: perturbation.scale, start: 0, base: xb, into: vb)
                }
            }
        }
        var total = 0.0
        for i in v.indices { total += h[i] * (Double(v[i]) - c[i]) * (Double(v[i]) - c[i]) }
        return 0.5 * total
    }

    func evaluate(at x: [Float], examples: [Int]) -> Evaluation {
        Evaluation(loss: loss(at: x, perturbation: nil, examples: []), accuracy: nil, examples: 1)
    }

    func gradient(at x: [Float]) -> [Double] { x.indices.map { h[$0] * (Double(x[$0]) - c[$0]) } }
}
