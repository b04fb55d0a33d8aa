/// The shape of a llama-architecture model, read from GGUF metadata.
///
/// All sizes are required keys (a missing one is an error naming it) except
/// the vocabulary size, which llama.cpp's converter does not always write:
/// it falls back to the length of `tokenizer.ggml.tokens`, which is what
/// llama.cpp itself uses.
public struct LlamaHyperparameters: Sendable, Equatable {
    /// Number of transformer blocks (`llama.block_count`).
    public var blockCount: Int
    /// Hidden size (`llama.embedding_length`).
    public var embeddingLength: Int
    /// Inner size of the SwiGLU feed-forward network (`llama.feed_forward_length`).
    public var feedForwardLength: Int
    /// Number of query heads (`llama.attention.head_count`).
    public var headCount: Int
    /// Number of key/value heads (`llama.attention.head_count_kv`); fewer than
    /// `headCount` means grouped-query attention.
    public var keyValueHeadCount: Int
    /// RoPE base frequency θ (`llama.rope.freq_base`).
    public var ropeFrequencyBase: Float
    /// RMSNorm epsilon (`llama.attention.layer_norm_rms_epsilon`).
    public var rmsNormEpsilon: Float
    /// Training context length (`llama.context_length`).
    public var contextLength: Int
    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int

    /// Size of one attention head: `embeddingLength / headCount`.
    public var headDimension: Int { embeddingLength / headCount }

    /// Creates hyperparameters from explicit values (for tests and small
    /// synthetic models).
    public init(blockCount: Int, embeddingLength: Int, feedForwardLength: Int, headCount: Int,
                keyValueHeadCount: Int, ropeFrequencyBase: Float, rmsNormEpsilon: Float,
                contextLength: Int, vocabularySize: Int) {
        self.blockCount = blockCount
        self.embeddingLength = embeddingLength
        self.feedForwardLength = feedForwardLength
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.ropeFrequencyBase = ropeFrequencyBase
        self.rmsNormEpsilon = rmsNormEpsilon
        self.contextLength = contextLength
        self.vocabularySize = vocabularySize
    }

    /// Reads the hyperparameters of a llama-architecture GGUF file.
    /// - Throws: `GGUFError.missingKey` / `.invalidValue` naming the key, also
    ///   when `general.architecture` is not `llama` or the sizes are
    ///   inconsistent (heads must divide the hidden size, KV heads the heads).
    public init(gguf file: GGUFFile) throws(GGUFError) {
        let architecture = try file.requiredString("general.architecture")
        guard architecture == "llama" else {
            throw .invalidValue(key: "general.architecture", expected: "\"llama\" (found \"\(architecture)\")")
        }
        blockCount = try Self.positive(file, "llama.block_count")
        embeddingLength = try Self.positive(file, "llama.embedding_length")
        feedForwardLength = try Self.positive(file, "llama.feed_forward_length")
        headCount = try Self.positive(file, "llama.attention.head_count")
        keyValueHeadCount = try Self.positive(file, "llama.attention.head_count_kv")
        ropeFrequencyBase = Float(try file.requiredFloat("llama.rope.freq_base"))
        rmsNormEpsilon = Float(try file.requiredFloat("llama.attention.layer_norm_rms_epsilon"))
        contextLength = try Self.positive(file, "llama.context_length")
        if file.metadata["llama.vocab_size"] != nil {
            vocabularySize = try Self.positive(file, "llama.vocab_size")
        } else {
            guard let tokens = file.metadata["tokenizer.ggml.tokens"]?.array else {
                throw .missingKey("llama.vocab_size")
            }
            vocabularySize = tokens.count
        }
        guard embeddingLength % headCount == 0 else {
            throw .invalidValue(key: "llama.attention.head_count", expected: "a divisor of llama.embedding_length")
        }
        guard headCount % keyValueHeadCount == 0 else {
            throw .invalidValue(key: "llama.attention.head_count_kv", expected: "a divisor of llama.attention.head_count")
        }
        guard ropeFrequencyBase.isFinite, ropeFrequencyBase > 0 else {
            throw .invalidValue(key: "llama.rope.freq_base", expected: "a positive finite number")
        }
        guard rmsNormEpsilon.isFinite, rmsNormEpsilon > 0 else {
            throw .invalidValue(key: "llama.attention.layer_norm_rms_epsilon", expected: "a positive finite number")
        }
    }

    private static func positive(_ file: GGUFFile, _ key: String) throws(GGUFError) -> Int {
        let value = try file.requiredInt(key)
        guard value > 0 else { throw .invalidValue(key: key, expected: "a positive integer") }
        return value
    }
}
