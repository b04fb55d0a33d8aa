/// One weight tensor of a Llama model and where it lives in the flat parameter vector.
///
/// Every tensor is stored row-major as `rows × columns` floats, one row per output feature and
/// `columns` input features per row: the PyTorch `nn.Linear.weight` layout, which is also the
/// GGUF layout (`ne[0] = columns` is the fastest dimension). Vectors (norm weights) have one row.
public struct LlamaTensor: Sendable, Equatable, Hashable {
    /// What the tensor does in the network.
    public enum Role: Sendable, Equatable, Hashable, CaseIterable {
        /// `vocabulary × hidden`; also the output head when embeddings are tied.
        case tokenEmbedding
        /// RMSNorm weight before attention, `1 × hidden`.
        case attentionNorm
        /// Query projection, `hidden × hidden` (rows in GGUF's rotary-permuted order).
        case query
        /// Key projection, `keyValueWidth × hidden` (rows in GGUF's rotary-permuted order).
        case key
        /// Value projection, `keyValueWidth × hidden`.
        case value
        /// Attention output projection, `hidden × hidden`.
        case attentionOutput
        /// RMSNorm weight before the feed-forward layer, `1 × hidden`.
        case feedForwardNorm
        /// SwiGLU gate projection, `intermediate × hidden`.
        case gate
        /// SwiGLU up projection, `intermediate × hidden`.
        case up
        /// SwiGLU down projection, `hidden × intermediate`.
        case down
        /// Final RMSNorm weight, `1 × hidden`.
        case outputNorm
        /// Separate output head `vocabulary × hidden` (only when embeddings are not tied).
        case output

        /// The roles of one transformer block, in storage order. Q, K and V are adjacent (and so
        /// are gate and up) so that each group is one contiguous matrix and one sgemm.
        public static let blockRoles: [Role] = [
            .attentionNorm, .query, .key, .value, .attentionOutput,
            .feedForwardNorm, .gate, .up, .down,
        ]

        /// The llama.cpp GGUF name of this role in block `layer` (ignored for global tensors).
        public func ggufName(layer: Int) -> String {
            switch self {
            case .tokenEmbedding: return "token_embd.weight"
            case .outputNorm: return "output_norm.weight"
            case .output: return "output.weight"
            case .attentionNorm: return "blk.\(layer).attn_norm.weight"
            case .query: return "blk.\(layer).attn_q.weight"
            case .key: return "blk.\(layer).attn_k.weight"
            case .value: return "blk.\(layer).attn_v.weight"
            case .attentionOutput: return "blk.\(layer).attn_output.weight"
            case .feedForwardNorm: return "blk.\(layer).ffn_norm.weight"
            case .gate: return "blk.\(layer).ffn_gate.weight"
            case .up: return "blk.\(layer).ffn_up.weight"
            case .down: return "blk.\(layer).ffn_down.weight"
            }
        }
    }

    /// Position of the tensor in the canonical order (see `LlamaWeights`).
    public var index: Int
    /// What the tensor does.
    public var role: Role
    /// The block it belongs to, or nil for the embedding, the final norm and the output head.
    public var layer: Int?
    /// The llama.cpp GGUF name, e.g. `blk.3.attn_q.weight`.
    public var name: String
    /// Number of rows (output features).
    public var rows: Int
    /// Floats per row (input features).
    public var columns: Int
    /// Index of the tensor's first float in the flat parameter vector.
    public var offset: Int

    /// Number of floats in the tensor.
    public var count: Int { rows * columns }
    /// The tensor's slice of the flat parameter vector.
    public var range: Range<Int> { offset..<(offset + count) }
}

/// Which rows of a tensor a computation needs.
public enum LlamaRowSelection: Sendable, Equatable {
    /// Every row, in order.
    case all
    /// The listed rows, in the listed order (duplicates allowed).
    case rows([Int])

    /// How many rows the selection holds for a tensor of `rowCount` rows.
    public func count(of rowCount: Int) -> Int {
        switch self {
        case .all: return rowCount
        case .rows(let rows): return rows.count
        }
    }
}
