/// Hugging Face `transformers` names and layouts of Llama tensors, for exporting to the
/// format PyTorch users load (`LlamaForCausalLM`, PEFT).
public enum HuggingFaceLlamaNames {
    /// The `LlamaForCausalLM` state-dict name of an engine tensor, e.g. `blk.3.attn_q.weight`
    /// is `model.layers.3.self_attn.q_proj.weight`.
    public static func name(of tensor: LlamaTensor) -> String {
        let block = "model.layers.\(tensor.layer ?? 0)"
        switch tensor.role {
        case .tokenEmbedding: return "model.embed_tokens.weight"
        case .outputNorm: return "model.norm.weight"
        case .output: return "lm_head.weight"
        case .attentionNorm: return "\(block).input_layernorm.weight"
        case .query: return "\(block).self_attn.q_proj.weight"
        case .key: return "\(block).self_attn.k_proj.weight"
        case .value: return "\(block).self_attn.v_proj.weight"
        case .attentionOutput: return "\(block).self_attn.o_proj.weight"
        case .feedForwardNorm: return "\(block).post_attention_layernorm.weight"
        case .gate: return "\(block).mlp.gate_proj.weight"
        case .up: return "\(block).mlp.up_proj.weight"
        case .down: return "\(block).mlp.down_proj.weight"
        }
    }

    /// The PEFT names of an adapter's `A` and `B`, e.g.
    /// `base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight`.
    public static func peftNames(of slot: LoRAAdapterSlot) -> (a: String, b: String) {
        let module = name(of: slot.tensor).dropLast(".weight".count)
        return ("base_model.model.\(module).lora_A.weight", "base_model.model.\(module).lora_B.weight")
    }

    /// The number of heads whose rows llama.cpp permuted in `tensor` (query: the query heads,
    /// key: the key/value heads), or nil when its rows are stored in Hugging Face order.
    public static func rotaryHeads(of tensor: LlamaTensor, config: LlamaConfig) -> Int? {
        switch tensor.role {
        case .query: return config.headCount
        case .key: return config.keyValueHeadCount
        default: return nil
        }
    }
}

/// llama.cpp's rotary row permutation of Q and K.
///
/// `convert_hf_to_gguf.py` reorders the rows of each head of `q_proj` / `k_proj` with
/// `reshape(heads, 2, d/2, cols).swapaxes(1, 2)`: Hugging Face row `h·d + j·(d/2) + i`
/// (`j ∈ {0, 1}`, `i < d/2`) becomes GGUF row `h·d + 2i + j`, so that rotate-half pairs
/// `(i, i + d/2)` become adjacent pairs `(2i, 2i+1)`. ``toHuggingFace(_:rows:columns:heads:)``
/// inverts it; both move whole rows, so values are copied exactly.
public enum RotaryRowPermutation {
    /// GGUF row of Hugging Face row `row` in a tensor with `rows` rows split into `heads` heads.
    ///
    /// - Precondition: `heads` divides `rows` into heads of even width (true of any validated
    ///   `LlamaConfig`; the arguments come from code, not from a file).
    public static func ggufRow(ofHuggingFaceRow row: Int, rows: Int, heads: Int) -> Int {
        precondition(heads > 0 && rows % heads == 0 && (rows / heads) % 2 == 0, "\(rows) rows do not form \(heads) even-width heads")
        let d = rows / heads
        let head = row / d, within = row % d
        let j = within / (d / 2), i = within % (d / 2)
        return head * d + 2 * i + j
    }

    /// Rows of a GGUF-ordered `rows × columns` matrix put back in Hugging Face order.
    public static func toHuggingFace(_ values: [Float], rows: Int, columns: Int, heads: Int) -> [Float] {
        permute(values, rows: rows, columns: columns) { ggufRow(ofHuggingFaceRow: $0, rows: rows, heads: heads) }
    }

    /// Rows of a Hugging Face-ordered matrix in GGUF order (what the converter does).
    public static func toGGUF(_ values: [Float], rows: Int, columns: Int, heads: Int) -> [Float] {
        var out = values
        for hf in 0..<rows {
            let gguf = ggufRow(ofHuggingFaceRow: hf, rows: rows, heads: heads)
            out.replaceSubrange(gguf * columns ..< (gguf + 1) * columns, with: values[hf * columns ..< (hf + 1) * columns])
        }
        return out
    }

    /// `out[r] = values[source(r)]`, row by row.
    private static func permute(_ values: [Float], rows: Int, columns: Int, source: (Int) -> Int) -> [Float] {
        var out = values
        for row in 0..<rows {
            let from = source(row)
            out.replaceSubrange(row * columns ..< (row + 1) * columns, with: values[from * columns ..< (from + 1) * columns])
        }
        return out
    }
}
