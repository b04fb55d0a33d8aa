/// The role of a vocabulary entry, as GGUF's `tokenizer.ggml.token_type`
/// encodes it (llama.cpp's `llama_token_type`).
public enum TokenType: Int32, Sendable {
    case undefined = 0
    /// Ordinary text; encoded by BPE merges, decoded through the byte map.
    case normal = 1
    case unknown = 2
    /// Control tokens such as `<|im_start|>`: never produced by BPE, matched
    /// atomically in input text, rendered verbatim when decoded.
    case control = 3
    /// Added tokens; treated like control tokens for matching and decoding.
    case userDefined = 4
    case unused = 5
    /// SentencePiece byte-fallback tokens (`<0x41>`); not used by byte-level BPE.
    case byte = 6

    /// Whether text containing this token's string should map to the token
    /// atomically rather than through BPE.
    var isAtomic: Bool { self == .control || self == .userDefined }
}
