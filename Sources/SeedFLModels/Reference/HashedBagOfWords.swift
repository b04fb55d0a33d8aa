/// Hashed bag-of-words features: the set of lower-cased words of a text, hashed with
/// FNV-1a into `buckets` slots (presence, not counts), scaled to unit L2 norm.
///
/// Unit-norm binary features keep the loss's curvature even across examples, which is
/// what lets a zeroth-order method take useful steps (its stable step size is set by
/// the largest curvature direction).
///
/// Hashing keeps the feature space fixed (no vocabulary to ship or agree on), so every
/// trainer computes identical features from raw text alone.
public struct HashedBagOfWords: Sendable, Hashable {
    public let buckets: Int

    public init(buckets: Int) { self.buckets = buckets }

    /// Sparse features `(index, value)` of `text`, sorted by index, duplicates merged.
    public func features(_ text: String) -> [(index: Int, value: Float)] {
        let words = Self.words(text)
        var counts: [Int: Float] = [:]
        for w in words { counts[bucket(w)] = 1 }
        let norm = counts.values.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return counts.keys.sorted().map { ($0, counts[$0]! / max(norm, 1)) }
    }

    /// Words: maximal runs of letters, digits and apostrophes, lower-cased.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "'" {
                current.append(ch)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    func bucket(_ token: String) -> Int {
        var h: UInt32 = 0x811C_9DC5
        for b in token.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        return Int(h % UInt32(buckets))
    }
}
