/// The ranked merge rules of a byte-level BPE vocabulary, keyed by token ids.
///
/// Rules are looked up by the pair of ids they join (packed into one
/// `UInt64`), so merging a word never builds or hashes strings.
struct BPEMergeTable: Sendable {
    struct Merge: Sendable {
        /// Position in the merge list; lower ranks are applied first.
        var rank: Int
        /// The token the pair becomes.
        var result: Int32
    }

    private var merges: [UInt64: Merge] = [:]

    @inline(__always)
    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Builds the table from rules written `"left right"` (GGUF's
    /// `tokenizer.ggml.merges`), resolving each symbol through `ids`.
    init(rules: [String], ids: [String: Int32]) throws(TokenizerError) {
        merges.reserveCapacity(rules.count)
        for (index, rule) in rules.enumerated() {
            // Split at the first space after the first character, as llama.cpp
            // does; byte-level symbols never contain a space (it is `Ġ`).
            let scalars = rule.unicodeScalars
            guard let space = scalars.dropFirst().firstIndex(of: " ") else {
                throw .malformedMerge(index: index, rule: rule)
            }
            let left = String(scalars[..<space])
            let right = String(scalars[scalars.index(after: space)...])
            guard !right.isEmpty else { throw .malformedMerge(index: index, rule: rule) }
            guard let leftID = ids[left] else {
                throw .mergeReferencesUnknownToken(index: index, rule: rule, token: left)
            }
            guard let rightID = ids[right] else {
                throw .mergeReferencesUnknownToken(index: index, rule: rule, token: right)
            }
            let joined = left + right
            guard let resultID = ids[joined] else {
                throw .mergeReferencesUnknownToken(index: index, rule: rule, token: joined)
            }
            // A repeated rule keeps its first (highest-priority) rank.
            let key = Self.key(leftID, rightID)
            if merges[key] == nil {
                merges[key] = Merge(rank: index, result: resultID)
            }
        }
    }

    /// Applies the merges to `symbols` in place: repeatedly joins the adjacent
    /// pair with the lowest rank (leftmost first among equal ranks) until no
    /// pair has a rule. This is the standard BPE order used by GPT-2,
    /// Hugging Face `tokenizers` and llama.cpp, so the ids agree with theirs.
    func apply(to symbols: inout [Int32]) {
        while symbols.count > 1 {
            var bestIndex = -1
            var best = Merge(rank: .max, result: 0)
            for i in 0 ..< symbols.count - 1 {
                if let merge = merges[Self.key(symbols[i], symbols[i + 1])], merge.rank < best.rank {
                    best = merge
                    bestIndex = i
                }
            }
            guard bestIndex >= 0 else { return }
            symbols[bestIndex] = best.result
            symbols.remove(at: bestIndex + 1)
        }
    }
}
