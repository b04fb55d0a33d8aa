/// How text is cut into words before BPE runs on each word separately.
///
/// llama.cpp selects the split from `tokenizer.ggml.pre`. The two variants
/// here are the ones used by byte-level GPT-2-style vocabularies:
///
/// - `gpt2`: GPT-2's pattern
///   `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
/// - `gpt2IndividualDigits`: first every `\p{N}` scalar becomes a word of its
///   own, then the GPT-2 pattern splits the text between them. llama.cpp uses
///   this for `smollm` (SmolLM/SmolLM2), `starcoder`, `refact`, `command-r`
///   and `codeshell`; it is what Hugging Face's `Digits(individual_digits)`
///   followed by `ByteLevel` produces. One consequence: a space before a
///   digit is never attached to it (`" 3"` is `" "`, `"3"`).
///
/// The pattern is implemented as a hand-written scanner over Unicode scalar
/// properties (no regex engine): `\p{L}` is general category L*, `\p{N}` is
/// N*, `\s` is the `White_Space` property. Contractions are matched
/// case-sensitively, as in GPT-2.
public enum BPEPreTokenizer: Sendable, Equatable {
    case gpt2
    case gpt2IndividualDigits

    /// `tokenizer.ggml.pre` values this type implements, and their split.
    static let namesToVariants: [String: BPEPreTokenizer] = [
        "gpt-2": .gpt2,
        "smollm": .gpt2IndividualDigits,
        "starcoder": .gpt2IndividualDigits,
        "refact": .gpt2IndividualDigits,
        "command-r": .gpt2IndividualDigits,
        "codeshell": .gpt2IndividualDigits,
    ]

    /// The supported `tokenizer.ggml.pre` names.
    public static var supportedNames: [String] { Array(namesToVariants.keys) }

    /// The pre-tokenizer llama.cpp uses for the `tokenizer.ggml.pre` value
    /// `name`, or `nil` if it is not implemented here.
    public init?(ggufName name: String) {
        guard let variant = Self.namesToVariants[name] else { return nil }
        self = variant
    }

    /// Splits `text` into words. Concatenating the words gives back `text`.
    public func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        forEachWord(in: scalars, range: 0 ..< scalars.count) { range in
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[range])
            words.append(String(word))
        }
        return words
    }

    /// Calls `body` with the range of each word of `scalars[range]`, in order.
    /// The ranges tile `range` exactly.
    func forEachWord(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        switch self {
        case .gpt2:
            Self.gpt2Words(scalars, range, body)
        case .gpt2IndividualDigits:
            var start = range.lowerBound
            for index in range where PreTokenizerScalarClass(scalars[index]) == .number {
                if start < index { Self.gpt2Words(scalars, start ..< index, body) }
                body(index ..< index + 1)
                start = index + 1
            }
            if start < range.upperBound { Self.gpt2Words(scalars, start ..< range.upperBound, body) }
        }
    }

    /// The GPT-2 pattern as a scanner: at each position try the alternatives in
    /// the pattern's order and take the first that matches (each alternative
    /// is greedy and, as written, never needs to backtrack except `\s+(?!\S)`,
    /// handled explicitly).
    private static func gpt2Words(_ s: [Unicode.Scalar], _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        let end = range.upperBound
        var i = range.lowerBound
        @inline(__always) func cls(_ k: Int) -> PreTokenizerScalarClass { PreTokenizerScalarClass(s[k]) }
        @inline(__always) func run(from k: Int, of c: PreTokenizerScalarClass) -> Int {
            var j = k
            while j < end, cls(j) == c { j += 1 }
            return j
        }
        while i < end {
            // 's 't 're 've 'm 'll 'd
            if s[i] == "'", i + 1 < end {
                let next = s[i + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    body(i ..< i + 2); i += 2; continue
                }
                if i + 2 < end {
                    let pair = (next, s[i + 2])
                    if pair == ("r", "e") || pair == ("v", "e") || pair == ("l", "l") {
                        body(i ..< i + 3); i += 3; continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional single
            // space then a maximal run of one class.
            let head = s[i] == " " && i + 1 < end ? i + 1 : i
            let headClass = cls(head)
            if headClass != .whitespace {
                let stop = run(from: head, of: headClass)
                body(i ..< stop); i = stop; continue
            }
            // `\s+(?!\S)` then `\s+`: a whitespace run at the end of the text is
            // taken whole; before a non-space the last whitespace scalar is left
            // for the next word (so " world" keeps its space), unless the run is
            // a single scalar, which `\s+` then takes alone.
            let stop = run(from: i, of: .whitespace)
            if stop < end, stop - i > 1 {
                body(i ..< stop - 1); i = stop - 1
            } else {
                body(i ..< stop); i = stop
            }
        }
    }
}
