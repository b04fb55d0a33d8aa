#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cross-entropy and prediction of one prompt from its verbalizer logits.
///
/// `loss = logsumexp(s) - s[label]` in Double, computed around the maximum so that large logits
/// cannot overflow; the prediction is the highest logit, ties going to the lower class index
/// (the rule of `LlamaPromptClassifier`).
struct VerbalizerScore {
    let loss: Double
    let correct: Bool

    init(logits: ArraySlice<Float>, label: Int) {
        let scores = logits.map(Double.init)
        var best = 0
        for c in scores.indices where scores[c] > scores[best] { best = c }
        let top = scores[best]
        let logSumExp = top + log(scores.reduce(0) { $0 + exp($1 - top) })
        loss = logSumExp - scores[label]
        correct = best == label
    }
}
