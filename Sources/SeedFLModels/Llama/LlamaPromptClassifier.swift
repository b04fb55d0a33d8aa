#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prompt-based classification as in MeZO: the model reads `"<sentence> It was"` and the class
/// scores are the next-token logits of one verbalizer token per class (SST-2: " terrible" for
/// negative, " great" for positive). The loss is the cross-entropy over those logits only, so a
/// forward pass computes as many output-head rows as there are classes, not the vocabulary.
public struct LlamaPromptClassifier: Sendable {
    /// The verbalizer token of each class: class `c` is scored by vocabulary row `verbalizers[c]`.
    public let verbalizers: [Int]
    /// Text appended to every sentence to form the prompt.
    public let template: String

    /// MeZO's SST-2 template: the sentence followed by " It was".
    public static let sentimentTemplate = " It was"
    /// MeZO's SST-2 verbalizers, negative class first.
    public static let sentimentVerbalizers = [" terrible", " great"]

    /// A classifier over explicit verbalizer token ids.
    ///
    /// - Throws: `LlamaError.invalidInput` if there are fewer than two classes, a token id is
    ///   negative, or two classes share a token.
    public init(verbalizerTokens: [Int], template: String = LlamaPromptClassifier.sentimentTemplate) throws {
        guard verbalizerTokens.count >= 2 else {
            throw LlamaError(.invalidInput, "a classifier needs at least two verbalizer tokens, got \(verbalizerTokens.count)")
        }
        guard verbalizerTokens.allSatisfy({ $0 >= 0 }), Set(verbalizerTokens).count == verbalizerTokens.count else {
            throw LlamaError(.invalidInput, "verbalizer tokens must be distinct and non-negative: \(verbalizerTokens)")
        }
        self.verbalizers = verbalizerTokens
        self.template = template
    }

    /// A classifier whose verbalizers are words of `tokenizer`'s vocabulary (each must be one
    /// token, as " great" and " terrible" are for SmolLM2).
    ///
    /// - Throws: `LlamaError.invalidInput` if a word is not exactly one token, or as above.
    public init(
        tokenizer: BPETokenizer, verbalizers: [String] = LlamaPromptClassifier.sentimentVerbalizers,
        template: String = LlamaPromptClassifier.sentimentTemplate
    ) throws {
        let tokens = try verbalizers.map { word in
            let ids = tokenizer.encode(word, addBOS: false, parseSpecial: false)
            guard ids.count == 1 else {
                throw LlamaError(.invalidInput, "verbalizer \"\(word)\" is \(ids.count) tokens, not one")
            }
            return ids[0]
        }
        try self.init(verbalizerTokens: tokens, template: template)
    }

    /// The token ids of the prompt for `sentence`: `sentence + template`, without BOS (SmolLM2's
    /// GGUF sets `add_bos_token` to false). When longer than `maximumLength`, the oldest tokens
    /// are dropped so that the template, which the verbalizer must follow, is kept.
    public func encode(_ sentence: String, tokenizer: BPETokenizer, maximumLength: Int = 256) -> [Int] {
        let ids = tokenizer.encode(sentence + template, addBOS: false, parseSpecial: false)
        return Array(ids.suffix(max(1, maximumLength)))
    }

    /// Mean cross-entropy and accuracy of `model` on encoded prompts with class labels.
    ///
    /// - Parameters:
    ///   - transform: evaluates the model at transformed weights (e.g. `W + μ·z`); see
    ///     `LlamaWeightTransform`.
    /// - Throws: `LlamaError.invalidInput` if the counts differ, a label is not a class, a
    ///   verbalizer is outside the vocabulary, or the batch is invalid.
    public func evaluate(
        model: LlamaModel, prompts: [[Int]], labels: [Int], transform: (any LlamaWeightTransform)? = nil
    ) throws -> LlamaClassification {
        guard prompts.count == labels.count else {
            throw LlamaError(.invalidInput, "\(prompts.count) prompts but \(labels.count) labels")
        }
        if let bad = labels.first(where: { !verbalizers.indices.contains($0) }) {
            throw LlamaError(.invalidInput, "label \(bad) is not in 0..<\(verbalizers.count)")
        }
        let output = try model.forward(
            LlamaBatch(sequences: prompts),
            request: LlamaOutputRequest(positions: .last, vocabulary: .rows(verbalizers)),
            transform: transform)
        var loss = 0.0
        var correct = 0
        for (row, label) in labels.enumerated() {
            let scores = output.logits(row: row).map(Double.init)
            // log Σ exp(s) computed around the maximum so that large logits do not overflow.
            let top = scores.max() ?? 0
            let logSumExp = top + log(scores.reduce(0) { $0 + exp($1 - top) })
            loss += logSumExp - scores[label]
            if scores.firstIndex(of: top) == label { correct += 1 }
        }
        return LlamaClassification(
            loss: loss / Double(labels.count), accuracy: Double(correct) / Double(labels.count),
            logits: output.logits, classCount: verbalizers.count)
    }
}

/// The result of classifying a batch of prompts.
public struct LlamaClassification: Sendable, Equatable {
    /// Mean cross-entropy (natural log) over the verbalizer logits.
    public var loss: Double
    /// Fraction of prompts whose highest verbalizer logit is their label's (ties go to the lower
    /// class index).
    public var accuracy: Double
    /// Verbalizer logits, `prompts × classCount`, row-major.
    public var logits: [Float]
    /// Number of classes.
    public var classCount: Int
}
