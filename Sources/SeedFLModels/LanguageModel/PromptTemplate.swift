/// A classification prompt around a sentence, e.g. MeZO's `"<sentence> It was"`.
///
/// Encoding: the whole prompt (`prefix + sentence + suffix`) is tokenized at once, so BPE
/// merges see the real text. If it is longer than the limit, the sentence loses its tail
/// instead: `prefix + sentence` is tokenized, cut to leave room for the suffix, and the
/// suffix tokens are appended. The suffix is what the verbalizer must follow, so it is never
/// cut; keeping the start of the sentence follows Hugging Face's default right truncation.
public struct PromptTemplate: Sendable, Hashable {
    /// The marker replaced by the sentence.
    public static let placeholder = "<sentence>"

    /// Text before the sentence.
    public let prefix: String
    /// Text after the sentence (the verbalizer is predicted right after it).
    public let suffix: String

    /// Parses `template`.
    ///
    /// - Throws: `LanguageModelError.invalidOptions` unless the placeholder occurs exactly once.
    public init(_ template: String) throws {
        let parts = template.components(separatedBy: Self.placeholder)
        guard parts.count == 2 else {
            throw LanguageModelError(
                .invalidOptions, "template \"\(template)\" must contain \(Self.placeholder) exactly once")
        }
        prefix = parts[0]
        suffix = parts[1]
    }

    /// The token ids of the prompt for `sentence`, at most `maximumTokens` long (without BOS,
    /// as SmolLM2 is trained; special-token strings in the sentence are spelled out, so data
    /// cannot inject control tokens).
    ///
    /// - Throws: `LanguageModelError.invalidExample` when the template alone does not leave
    ///   room for one sentence token, or the prompt is empty.
    public func encode(_ sentence: String, tokenizer: BPETokenizer, maximumTokens: Int) throws -> [Int] {
        let whole = tokenizer.encode(prefix + sentence + suffix, addBOS: false, parseSpecial: false)
        guard !whole.isEmpty else { throw LanguageModelError(.invalidExample, "the prompt for \"\(sentence)\" is empty") }
        if whole.count <= maximumTokens { return whole }
        let tail = tokenizer.encode(suffix, addBOS: false, parseSpecial: false)
        let head = tokenizer.encode(prefix + sentence, addBOS: false, parseSpecial: false)
        let room = maximumTokens - tail.count
        guard room >= 1 else {
            throw LanguageModelError(
                .invalidExample, "the template takes \(tail.count) tokens, leaving no room within \(maximumTokens)")
        }
        return Array(head.prefix(room)) + tail
    }
}
