extension BPETokenizer {
    /// Builds the tokenizer stored in a GGUF file's `tokenizer.ggml.*` keys:
    /// `model` (must be `gpt2`, i.e. byte-level BPE), `pre` (the word split;
    /// see `BPEPreTokenizer`), `tokens`, `merges`, `token_type` (optional),
    /// `bos_token_id`, `eos_token_id` (required), `unknown_token_id` and
    /// `padding_token_id` (optional).
    /// - Throws: `TokenizerError`, wrapping the `GGUFError` of a missing or
    ///   mistyped key.
    public convenience init(gguf file: GGUFFile) throws(TokenizerError) {
        let model: String, preName: String, tokens: [String], merges: [String]
        let bosID: Int, eosID: Int
        var unknownID: Int?, paddingID: Int?
        var rawTypes: [Int]?
        do throws(GGUFError) {
            model = try file.requiredString("tokenizer.ggml.model")
            preName = try file.requiredString("tokenizer.ggml.pre")
            tokens = try file.requiredStringArray("tokenizer.ggml.tokens")
            merges = try file.requiredStringArray("tokenizer.ggml.merges")
            bosID = try file.requiredInt("tokenizer.ggml.bos_token_id")
            eosID = try file.requiredInt("tokenizer.ggml.eos_token_id")
            if file.metadata["tokenizer.ggml.unknown_token_id"] != nil {
                unknownID = try file.requiredInt("tokenizer.ggml.unknown_token_id")
            }
            if file.metadata["tokenizer.ggml.padding_token_id"] != nil {
                paddingID = try file.requiredInt("tokenizer.ggml.padding_token_id")
            }
            if let value = file.metadata["tokenizer.ggml.token_type"] {
                guard let types = value.intArray else {
                    throw .invalidValue(key: "tokenizer.ggml.token_type", expected: "an array of integers")
                }
                rawTypes = types
            }
        } catch {
            throw .metadata(error)
        }
        guard model == "gpt2" else { throw .unsupportedModel(model) }
        guard let preTokenizer = BPEPreTokenizer(ggufName: preName) else {
            throw .unsupportedPreTokenizer(preName)
        }
        var tokenTypes: [TokenType]?
        if let rawTypes {
            var types: [TokenType] = []
            types.reserveCapacity(rawTypes.count)
            for (id, raw) in rawTypes.enumerated() {
                guard let int32 = Int32(exactly: raw), let type = TokenType(rawValue: int32) else {
                    throw .invalidTokenType(id: id, rawValue: raw)
                }
                types.append(type)
            }
            tokenTypes = types
        }
        try self.init(tokens: tokens, merges: merges, tokenTypes: tokenTypes, bosID: bosID, eosID: eosID,
                      unknownID: unknownID, paddingID: paddingID, preTokenizer: preTokenizer)
    }
}
