#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LanguageModelClassifier {
    /// The `count` most probable next tokens after `prompt` (softmax over the whole
    /// vocabulary, in Double), most probable first, ties to the lower token id: the check
    /// behind `seedfl generate`. SmolLM2-135M on "The movie was absolutely wonderful. It was"
    /// gives " a", " just", " so", " like", " amazing".
    ///
    /// - Parameters:
    ///   - prompt: raw text (no template, no BOS; special-token strings such as
    ///     `<|im_start|>` are parsed, as Hugging Face's tokenizer does, so chat prompts work).
    ///   - x: trainable parameters to use (nil: the base model).
    /// - Throws: `LanguageModelError.invalidPrompt` if the prompt encodes to no token or
    ///   `count < 1`; `.dimensionMismatch` if `x` has the wrong length.
    public func topTokens(prompt: String, count: Int = 5, at x: [Float]? = nil) throws -> [(token: String, probability: Double)] {
        guard count >= 1 else { throw LanguageModelError(.invalidPrompt, "count must be at least 1, got \(count)") }
        let ids = tokenizer.encode(prompt, addBOS: false, parseSpecial: true)
        guard !ids.isEmpty else { throw LanguageModelError(.invalidPrompt, "the prompt \"\(prompt)\" has no tokens") }
        if let x, x.count != space.dimension {
            throw LanguageModelError(.dimensionMismatch, "x has \(x.count) values, the space has \(space.dimension)")
        }
        let request = LlamaOutputRequest(positions: .last, vocabulary: .all)
        let logits: [Float] = withEngine {
            if let x {
                return x.withUnsafeBufferPointer { runEngine([ids], request: request, x: $0, perturbation: nil).logits }
            }
            return runEngine([ids], request: request, x: nil, perturbation: nil).logits
        }
        let top = Double(logits.max() ?? 0)
        let normaliser = logits.reduce(0.0) { $0 + exp(Double($1) - top) }
        let order = logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        return order.prefix(count).map { id in
            (token: tokenizer.decode([id]), probability: exp(Double(logits[id]) - top) / normaliser)
        }
    }
}
