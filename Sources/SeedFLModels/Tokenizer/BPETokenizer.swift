/// A byte-level BPE tokenizer (GPT-2 family), as used by SmolLM2.
///
/// Encoding: special tokens (control and user-defined, e.g. `<|im_start|>`)
/// are cut out first and emitted whole; the text between them is split into
/// words by `preTokenizer`; each word's UTF-8 bytes become byte symbols
/// (see `ByteLevelAlphabet`) which are joined by the ranked merge rules.
/// Decoding maps each token back to its bytes, so `decode(encode(s)) == s`
/// for every string whose bytes all have a token (for SmolLM2: all text
/// except the controls U+0004, U+0006, U+0013, U+0014, U+0016, U+001D and
/// the unassigned planes 4 to 11, which encode as `unknownID`).
///
/// The tokenizer is immutable apart from an internal, lock-protected word
/// cache, and can be shared across threads.
public final class BPETokenizer: Sendable {
    /// Number of tokens in the vocabulary; valid ids are `0 ..< vocabularySize`.
    public let vocabularySize: Int
    /// Beginning-of-sequence token id.
    public let bosID: Int
    /// End-of-sequence token id.
    public let eosID: Int
    /// Unknown-token id, if the vocabulary declares one; bytes without a
    /// token of their own encode as this id.
    public let unknownID: Int?
    /// Padding token id, if declared.
    public let paddingID: Int?
    /// The word splitter applied before BPE.
    public let preTokenizer: BPEPreTokenizer

    private let tokens: [String]
    private let types: [TokenType]
    /// The bytes each token decodes to (control tokens: their text).
    private let tokenBytes: [[UInt8]]
    private let ids: [String: Int32]
    /// `byteTokens[b]` is the id of the one-byte token for byte `b`, or the
    /// unknown token's id if the vocabulary has none.
    private let byteTokens: [Int32]
    private let merges: BPEMergeTable
    private let specials: SpecialTokenMatcher
    private let cache = BPEWordCache()

    /// Builds a tokenizer from an explicit vocabulary.
    ///
    /// - Parameters:
    ///   - tokens: token strings in the byte-level alphabet, indexed by id.
    ///   - merges: merge rules `"left right"`, highest priority first.
    ///   - tokenTypes: one type per token; `nil` means all `.normal` (then no
    ///     token is matched atomically in text).
    ///   - bosID, eosID: the sequence-boundary tokens.
    ///   - unknownID, paddingID: optional extra roles.
    ///   - preTokenizer: the word split; defaults to SmolLM2's.
    /// - Throws: `TokenizerError` when the vocabulary is inconsistent: a merge
    ///   names an unknown token, a byte has no token, an id is out of range.
    public init(
        tokens: [String], merges: [String], tokenTypes: [TokenType]? = nil,
        bosID: Int, eosID: Int, unknownID: Int? = nil, paddingID: Int? = nil,
        preTokenizer: BPEPreTokenizer = .gpt2IndividualDigits
    ) throws(TokenizerError) {
        guard !tokens.isEmpty, tokens.count <= Int(Int32.max) else {
            throw .invalidVocabularySize(tokens.count)
        }
        let types = tokenTypes ?? Array(repeating: .normal, count: tokens.count)
        guard types.count == tokens.count else {
            throw .tokenTypeCountMismatch(tokens: tokens.count, types: types.count)
        }
        for (role, id) in [("bos", bosID), ("eos", eosID), ("unknown", unknownID), ("padding", paddingID)] {
            if let id, !(0 ..< tokens.count).contains(id) {
                throw .specialTokenOutOfRange(role: role, id: id)
            }
        }

        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            if let previous = ids.updateValue(Int32(id), forKey: token) {
                throw .duplicateToken(token, firstID: Int(previous), secondID: id)
            }
        }

        var byteTokens: [Int32] = []
        byteTokens.reserveCapacity(256)
        for byte in 0 ... 255 {
            let symbol = ByteLevelAlphabet.symbol(for: UInt8(byte))
            // Real vocabularies omit bytes that never occur in training text
            // (SmolLM2 lacks 21: a few ASCII controls and bytes that cannot
            // appear in UTF-8). Those encode as the unknown token, as Hugging
            // Face's BPE does; without an unknown token the vocabulary cannot
            // encode every input, which is refused here rather than in `encode`.
            if let id = ids[symbol] {
                byteTokens.append(id)
            } else if let unknownID {
                byteTokens.append(Int32(unknownID))
            } else {
                throw .missingByteToken(byte: UInt8(byte), symbol: symbol)
            }
        }

        var specials: [(text: String, id: Int32)] = []
        var tokenBytes: [[UInt8]] = []
        tokenBytes.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            if types[id].isAtomic {
                specials.append((token, Int32(id)))
                tokenBytes.append(Array(token.utf8))
            } else {
                tokenBytes.append(ByteLevelAlphabet.bytes(of: token))
            }
        }

        self.merges = try BPEMergeTable(rules: merges, ids: ids)
        self.vocabularySize = tokens.count
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.paddingID = paddingID
        self.preTokenizer = preTokenizer
        self.tokens = tokens
        self.types = types
        self.tokenBytes = tokenBytes
        self.ids = ids
        self.byteTokens = byteTokens
        self.specials = SpecialTokenMatcher(specials: specials)
    }

    /// The token ids for `text`.
    ///
    /// - Parameters:
    ///   - addBOS: prepend `bosID`. Defaults to `false` because SmolLM2 is
    ///     trained without one (`tokenizer.ggml.add_bos_token` is false).
    ///   - parseSpecial: map control/user-defined token strings in `text`
    ///     (e.g. `<|im_start|>`) to their single ids. Defaults to `true`, as
    ///     Hugging Face's tokenizer does, so chat templates encode as the model
    ///     was trained; pass `false` for untrusted text that must not be able
    ///     to inject control tokens (they are then spelled out by BPE).
    public func encode(_ text: String, addBOS: Bool = false, parseSpecial: Bool = true) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var output: [Int] = []
        output.reserveCapacity(scalars.count / 3 + 2)
        if addBOS { output.append(bosID) }
        var segmentStart = 0
        if parseSpecial, !specials.isEmpty {
            var index = 0
            while index < scalars.count {
                if let special = specials.match(in: scalars, at: index) {
                    encodeText(scalars, segmentStart ..< index, into: &output)
                    output.append(Int(special.id))
                    index += special.length
                    segmentStart = index
                } else {
                    index += 1
                }
            }
        }
        encodeText(scalars, segmentStart ..< scalars.count, into: &output)
        return output
    }

    /// The text the ids stand for. Byte sequences that are not valid UTF-8
    /// (e.g. a multi-byte character cut between tokens at the end) decode to
    /// U+FFFD, as does an id outside the vocabulary.
    ///
    /// - Parameter skipSpecial: omit control and user-defined tokens (such as
    ///   `<|im_end|>`) instead of rendering their text. Defaults to `false`
    ///   so that `decode(encode(s)) == s` holds for text containing them.
    public func decode(_ ids: [Int], skipSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            guard (0 ..< vocabularySize).contains(id) else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD
                continue
            }
            if skipSpecial, types[id].isAtomic { continue }
            bytes.append(contentsOf: tokenBytes[id])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The vocabulary string of `id` (in the byte-level alphabet, e.g.
    /// `"Ġgreat"`), or `nil` if `id` is out of range.
    public func token(_ id: Int) -> String? {
        (0 ..< vocabularySize).contains(id) ? tokens[id] : nil
    }

    /// The type of token `id`, or `nil` if out of range.
    public func tokenType(_ id: Int) -> TokenType? {
        (0 ..< vocabularySize).contains(id) ? types[id] : nil
    }

    /// The id of the vocabulary string `token` (byte-level alphabet), if any.
    public func id(ofToken token: String) -> Int? {
        ids[token].map(Int.init)
    }

    /// Pre-tokenizes and merges `scalars[range]`, which contains no special
    /// tokens, appending the ids to `output`.
    private func encodeText(_ scalars: [Unicode.Scalar], _ range: Range<Int>, into output: inout [Int]) {
        guard !range.isEmpty else { return }
        preTokenizer.forEachWord(in: scalars, range: range) { word in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(word.count * 2)
            for index in word {
                UTF8.encode(scalars[index]) { bytes.append($0) }
            }
            if let cached = cache.lookup(bytes) {
                for id in cached { output.append(Int(id)) }
                return
            }
            var symbols = bytes.map { byteTokens[Int($0)] }
            merges.apply(to: &symbols)
            cache.store(bytes, symbols)
            for id in symbols { output.append(Int(id)) }
        }
    }
}
