/// The hyper-parameters of a Llama-architecture decoder (pre-norm RMSNorm blocks, rotary
/// position embedding, grouped-query attention, SwiGLU feed-forward).
///
/// The properties are constants so that a configuration, once validated by `init`, stays valid.
public struct LlamaConfig: Sendable, Equatable {
    /// Number of rows of the token embedding (and of the output head).
    public let vocabularySize: Int
    /// Width of the residual stream.
    public let hiddenSize: Int
    /// Width of the SwiGLU feed-forward layer (rows of `ffn_gate` and `ffn_up`).
    public let intermediateSize: Int
    /// Number of transformer blocks.
    public let layerCount: Int
    /// Number of query heads.
    public let headCount: Int
    /// Number of key/value heads; each is shared by `headCount / keyValueHeadCount` query heads.
    public let keyValueHeadCount: Int
    /// The rotary base θ: pair `i` of a head rotates by `position · ropeBase^(-2i/headDimension)`.
    public let ropeBase: Double
    /// The ε added to the mean square in every RMSNorm.
    public let rmsNormEpsilon: Float
    /// Whether the output head reuses the token embedding (`logits = h · Eᵀ`), as SmolLM2 does.
    /// When false the model has its own `output.weight`.
    public let tiedEmbeddings: Bool

    /// Width of one attention head.
    public var headDimension: Int { hiddenSize / headCount }
    /// Number of query heads that share one key/value head.
    public var headsPerKeyValueHead: Int { headCount / keyValueHeadCount }
    /// Width of the key (and of the value) projection output.
    public var keyValueWidth: Int { keyValueHeadCount * headDimension }

    /// Creates and validates a configuration.
    ///
    /// - Throws: `LlamaError.invalidConfiguration` if a size is not positive, the heads do not
    ///   divide the hidden size, the key/value heads do not divide the query heads, or the head
    ///   width is odd (rotary embedding rotates pairs).
    public init(
        vocabularySize: Int, hiddenSize: Int, intermediateSize: Int, layerCount: Int,
        headCount: Int, keyValueHeadCount: Int, ropeBase: Double, rmsNormEpsilon: Float,
        tiedEmbeddings: Bool
    ) throws {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.ropeBase = ropeBase
        self.rmsNormEpsilon = rmsNormEpsilon
        self.tiedEmbeddings = tiedEmbeddings
        try validate()
    }

    /// SmolLM2-135M: 30 blocks of width 576, FFN 1536, 9 query / 3 key-value heads of width 64,
    /// RoPE base 100 000, RMSNorm ε 1e-5, vocabulary 49 152, tied output head.
    public static let smolLM2_135M = LlamaConfig(
        uncheckedVocabularySize: 49_152, hiddenSize: 576, intermediateSize: 1536, layerCount: 30,
        headCount: 9, keyValueHeadCount: 3, ropeBase: 100_000, rmsNormEpsilon: 1e-5,
        tiedEmbeddings: true)

    /// Floating-point operations (2 per multiply-add) of the matrix products of one forward pass
    /// over sequences of the given lengths: every projection, the attention products over the causal
    /// triangle, and `logitRows × vocabularyRows` output-head dot products.
    ///
    /// Elementwise work (norms, RoPE, softmax, SiLU) is not counted: it is O(tokens · width), not
    /// a matrix product, and counting it would make GFLOP/s figures incomparable with sgemm's.
    public func forwardFLOPs(sequenceLengths: [Int], logitRows: Int, vocabularyRows: Int) -> Double {
        let tokens = Double(sequenceLengths.reduce(0, +))
        let h = Double(hiddenSize)
        let perTokenPerLayer = h * (h + 2 * Double(keyValueWidth)) // Q, K, V
            + h * h // attention output
            + 3 * h * Double(intermediateSize) // gate, up, down
        var flops = 2 * tokens * perTokenPerLayer * Double(layerCount)
        // Scores and weighted values: each query attends to `position + 1` keys.
        let pairs = sequenceLengths.reduce(0.0) { $0 + Double($1) * Double($1 + 1) / 2 }
        flops += 2 * 2 * pairs * Double(headCount * headDimension) * Double(layerCount)
        flops += 2 * Double(logitRows) * Double(vocabularyRows) * h
        return flops
    }

    private func validate() throws {
        let sizes = [
            ("vocabularySize", vocabularySize), ("hiddenSize", hiddenSize),
            ("intermediateSize", intermediateSize), ("layerCount", layerCount),
            ("headCount", headCount), ("keyValueHeadCount", keyValueHeadCount),
        ]
        for (name, value) in sizes where value <= 0 {
            throw LlamaError(.invalidConfiguration, "\(name) must be positive, got \(value)")
        }
        guard hiddenSize % headCount == 0 else {
            throw LlamaError(.invalidConfiguration, "hiddenSize \(hiddenSize) is not a multiple of headCount \(headCount)")
        }
        guard headCount % keyValueHeadCount == 0 else {
            throw LlamaError(.invalidConfiguration, "headCount \(headCount) is not a multiple of keyValueHeadCount \(keyValueHeadCount)")
        }
        guard headDimension % 2 == 0 else {
            throw LlamaError(.invalidConfiguration, "head dimension \(headDimension) must be even for rotary embedding")
        }
        guard ropeBase > 1, ropeBase.isFinite else {
            throw LlamaError(.invalidConfiguration, "ropeBase must be finite and > 1, got \(ropeBase)")
        }
        guard rmsNormEpsilon >= 0, rmsNormEpsilon.isFinite else {
            throw LlamaError(.invalidConfiguration, "rmsNormEpsilon must be finite and >= 0, got \(rmsNormEpsilon)")
        }
    }

    /// For the compile-time constant above, whose validity is checked by a test.
    private init(
        uncheckedVocabularySize vocabularySize: Int, hiddenSize: Int, intermediateSize: Int,
        layerCount: Int, headCount: Int, keyValueHeadCount: Int, ropeBase: Double,
        rmsNormEpsilon: Float, tiedEmbeddings: Bool
    ) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.ropeBase = ropeBase
        self.rmsNormEpsilon = rmsNormEpsilon
        self.tiedEmbeddings = tiedEmbeddings
    }
}
