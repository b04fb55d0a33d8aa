import SeedFLCore

/// Measures the forward pass against the sgemm rate of the same machine (used by
/// `seedfl bench forward`).
///
/// The comparison is what matters: a forward pass is mostly sgemm, so its GFLOP/s should be a
/// large fraction of what OpenBLAS reaches on a matrix of the model's own dominant shape.
/// Timings are wall-clock and therefore noisy on a shared machine; the best of `iterations`
/// runs is reported because noise only ever adds time.
public enum LlamaForwardBenchmark {
    /// One measurement.
    public struct Result: Sendable, CustomStringConvertible {
        /// Sequences per batch.
        public var sequences: Int
        /// Tokens per sequence.
        public var length: Int
        /// Best wall-clock time of one forward pass, in seconds.
        public var seconds: Double
        /// Matrix-product FLOPs of one forward pass (`LlamaConfig.forwardFLOPs`).
        public var flops: Double
        /// OpenBLAS threads during the measurement.
        public var threads: Int
        /// OpenBLAS kernel family during the measurement.
        public var coreName: String
        /// sgemm GFLOP/s on the model's largest projection (`tokens × 2·intermediate × hidden`).
        public var sgemmModelShapeGFLOPS: Double
        /// sgemm GFLOP/s on a 1024³ product, a near-peak reference.
        public var sgemmSquareGFLOPS: Double

        /// Tokens processed per second.
        public var tokensPerSecond: Double { Double(sequences * length) / seconds }
        /// Achieved GFLOP/s of the forward pass.
        public var forwardGFLOPS: Double { flops / seconds / 1e9 }
        /// Forward GFLOP/s as a fraction of the model-shape sgemm rate.
        public var efficiency: Double { forwardGFLOPS / sgemmModelShapeGFLOPS }

        public var description: String {
            func f(_ value: Double, _ digits: Int = 1) -> String {
                let scale = Double([1, 10, 100, 1000][min(digits, 3)])
                return String((value * scale).rounded() / scale)
            }
            return "forward \(sequences)x\(length) tokens, \(threads) BLAS thread(s), core \(coreName): "
                + "\(f(seconds * 1000)) ms, \(f(tokensPerSecond, 0)) tokens/s, \(f(forwardGFLOPS)) GFLOP/s; "
                + "sgemm \(f(sgemmModelShapeGFLOPS)) GFLOP/s (model shape), \(f(sgemmSquareGFLOPS)) GFLOP/s (1024^3); "
                + "efficiency \(f(efficiency * 100)) %"
        }
    }

    /// Times `iterations` forward passes of `sequences × length` tokens (after one warm-up pass
    /// that also sizes the scratch buffers) with logits for `vocabulary` at the last position,
    /// interleaved with the sgemm references; each figure is the best of its runs.
    ///
    /// Defaults: 16 × 32 tokens is a typical zeroth-order minibatch of short prompts; two
    /// vocabulary rows is what prompt classification needs.
    public static func run(
        model: LlamaModel, sequences: Int = 16, length: Int = 32, iterations: Int = 3,
        vocabulary: LlamaRowSelection = .rows([0, 1])
    ) throws -> Result {
        let config = model.config
        // Deterministic, spread-out token ids; their values do not change the cost.
        let batch = try LlamaBatch(sequences: (0..<max(1, sequences)).map { s in
            (0..<max(1, length)).map { t in (s * 7919 + t * 104_729 + 13) % config.vocabularySize }
        })
        let request = LlamaOutputRequest(positions: .last, vocabulary: vocabulary)
        let tokens = batch.tokenCount
        let modelShape = SgemmProblem(m: tokens, n: 2 * config.intermediateSize, k: config.hiddenSize)
        let square = SgemmProblem(m: 1024, n: 1024, k: 1024)
        // Warm-up: sizes the scratch buffers and faults in every page.
        _ = try model.forward(batch, request: request)
        _ = modelShape.seconds()
        _ = square.seconds()
        // Interleaved, so that the forward pass and its sgemm references see the same load.
        var forward = Double.infinity, modelShapeSeconds = Double.infinity, squareSeconds = Double.infinity
        for _ in 0..<max(1, iterations) {
            forward = min(forward, try time { _ = try model.forward(batch, request: request) })
            modelShapeSeconds = min(modelShapeSeconds, modelShape.seconds())
            squareSeconds = min(squareSeconds, square.seconds())
        }
        return Result(
            sequences: batch.sequences.count, length: batch.maximumLength, seconds: forward,
            flops: config.forwardFLOPs(
                sequenceLengths: batch.sequences.map(\.count), logitRows: batch.sequences.count,
                vocabularyRows: vocabulary.count(of: config.vocabularySize)),
            threads: OpenBLASRuntime.threadCount, coreName: OpenBLASRuntime.coreName,
            sgemmModelShapeGFLOPS: modelShape.flops / modelShapeSeconds / 1e9,
            sgemmSquareGFLOPS: square.flops / squareSeconds / 1e9)
    }

    /// Best-of-`iterations` GFLOP/s of `C[m×n] = A[m×k] · B[n×k]ᵀ` (the projection shape),
    /// after one warm-up run.
    public static func sgemmGFLOPS(m: Int, n: Int, k: Int, iterations: Int = 3) -> Double {
        let problem = SgemmProblem(m: m, n: n, k: k)
        _ = problem.seconds()
        let best = (0..<max(1, iterations)).map { _ in problem.seconds() }.min() ?? .infinity
        return problem.flops / best / 1e9
    }

    /// One sgemm of a fixed shape with its operands, timed on demand.
    private final class SgemmProblem {
        let m: Int, n: Int, k: Int
        let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

        init(m: Int, n: Int, k: Int) {
            (self.m, self.n, self.k) = (m, n, k)
            a = .allocate(capacity: m * k)
            a.initialize(repeating: 0.5, count: m * k)
            b = .allocate(capacity: n * k)
            b.initialize(repeating: 0.25, count: n * k)
            c = .allocate(capacity: m * n)
            c.initialize(repeating: 0, count: m * n)
        }

        deinit {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }

        func seconds() -> Double {
            time { Sgemm.timesTransposed(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: c, ldc: n) }
        }
    }

    private static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return (clock.now - start).inSeconds
    }
}
