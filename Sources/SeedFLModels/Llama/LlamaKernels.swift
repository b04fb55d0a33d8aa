/// The elementwise parts of the forward pass (everything that is not an sgemm).
enum LlamaKernels {
    /// `output[r] = input[r] / sqrt(mean(input[r]²) + epsilon) ⊙ weight` for each of `rows` rows
    /// of `width` floats (rows are contiguous in both buffers).
    static func rmsNorm(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
        rows: Int, width: Int, weight: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let x = input + row * width, y = output + row * width
            let scale = 1 / (sumOfSquares(x, width) / Float(width) + epsilon).squareRoot()
            for i in 0..<width {
                y[i] = x[i] * scale * weight[i]
            }
        }
    }

    /// Σ x[i]², accumulated in 16 independent lanes: shorter dependency chains than one serial
    /// sum, and a smaller rounding error.
    @inline(__always)
    static func sumOfSquares(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            lanes += v * v
            i += 16
        }
        var total = lanes.sum()
        while i < count {
            total += x[i] * x[i]
            i += 1
        }
        return total
    }

    /// SwiGLU: `output[t][j] = silu(gate[t][j]) · up[t][j]` where row `t` of `gateUp` holds
    /// the `width` gate values followed by the `width` up values.
    static func swiGLU(
        _ gateUp: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, width: Int
    ) {
        for row in 0..<rows {
            let gate = gateUp + row * 2 * width, up = gate + width, y = output + row * width
            for j in 0..<width {
                let g = gate[j]
                // silu(g) = g / (1 + e^(-g)); e^(-g) saturates at ~1.7e38 for g → -∞, giving ~0.
                y[j] = g / (1 + fastExponential(-g)) * up[j]
            }
        }
    }

    /// Softmax of each row of a `length × length` score matrix over its causal prefix: row `i`
    /// is normalised over columns `0...i`, and columns after `i` are set to 0 so that the
    /// following product with V ignores future tokens.
    static func causalSoftmax(_ scores: UnsafeMutablePointer<Float>, length: Int) {
        for i in 0..<length {
            let row = scores + i * length
            var maximum = row[0]
            for j in 1..<(i + 1) where row[j] > maximum { maximum = row[j] }
            for j in 0...i { row[j] = fastExponential(row[j] - maximum) }
            var total: Float = 0
            for j in 0...i { total += row[j] }
            let inverse = 1 / total
            for j in 0...i { row[j] *= inverse }
            for j in (i + 1)..<length { row[j] = 0 }
        }
    }
}
