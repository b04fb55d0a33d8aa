/// Why a tokenizer could not be built from its vocabulary and merges.
public enum TokenizerError: Error, Equatable, Sendable {
    /// A GGUF metadata key the tokenizer needs is absent or has the wrong type.
    case metadata(GGUFError)
    /// `tokenizer.ggml.model` names a tokenizer family this type does not implement.
    case unsupportedModel(String)
    /// `tokenizer.ggml.pre` names a pre-tokenizer this type does not implement.
    case unsupportedPreTokenizer(String)
    /// The vocabulary is empty or larger than `Int32` ids allow.
    case invalidVocabularySize(Int)
    /// The same token string appears twice in the vocabulary (at both ids).
    case duplicateToken(String, firstID: Int, secondID: Int)
    /// The token-type list does not have one entry per token.
    case tokenTypeCountMismatch(tokens: Int, types: Int)
    /// A token-type code outside llama.cpp's `llama_token_type` values.
    case invalidTokenType(id: Int, rawValue: Int)
    /// A merge rule is not two symbols separated by one space.
    case malformedMerge(index: Int, rule: String)
    /// A merge rule mentions a symbol, or produces a token, not in the vocabulary.
    case mergeReferencesUnknownToken(index: Int, rule: String, token: String)
    /// A byte's byte-level symbol is missing from the vocabulary and there is
    /// no unknown token to stand in for it, so some inputs could not be encoded.
    case missingByteToken(byte: UInt8, symbol: String)
    /// A special-token id (named by its metadata key or role) is outside the vocabulary.
    case specialTokenOutOfRange(role: String, id: Int)
}

extension TokenizerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .metadata(error):
            return "tokenizer: \(error)"
        case let .unsupportedModel(model):
            return "tokenizer: unsupported tokenizer.ggml.model '\(model)' (only 'gpt2' byte-level BPE)"
        case let .unsupportedPreTokenizer(name):
            return "tokenizer: unsupported tokenizer.ggml.pre '\(name)' (supported: \(BPEPreTokenizer.supportedNames.sorted().joined(separator: ", ")))"
        case let .invalidVocabularySize(count):
            return "tokenizer: invalid vocabulary size \(count)"
        case let .duplicateToken(token, firstID, secondID):
            return "tokenizer: token '\(token)' appears at ids \(firstID) and \(secondID)"
        case let .tokenTypeCountMismatch(tokens, types):
            return "tokenizer: \(tokens) tokens but \(types) token types"
        case let .invalidTokenType(id, rawValue):
            return "tokenizer: token \(id) has invalid token type \(rawValue)"
        case let .malformedMerge(index, rule):
            return "tokenizer: merge #\(index) '\(rule)' is not two symbols separated by a space"
        case let .mergeReferencesUnknownToken(index, rule, token):
            return "tokenizer: merge #\(index) '\(rule)' uses '\(token)', which is not in the vocabulary"
        case let .missingByteToken(byte, symbol):
            return "tokenizer: byte 0x\(String(byte, radix: 16)) (symbol '\(symbol)') has no token"
        case let .specialTokenOutOfRange(role, id):
            return "tokenizer: \(role) id \(id) is outside the vocabulary"
        }
    }
}
