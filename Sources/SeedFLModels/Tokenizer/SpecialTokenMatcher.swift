/// Finds control and user-defined tokens (such as `<|im_start|>`) in text so
/// that they become single tokens instead of being spelled out by BPE.
///
/// At each position the longest special token that starts there wins, so a
/// special token that is a prefix of another never shadows it.
struct SpecialTokenMatcher: Sendable {
    private struct Candidate: Sendable {
        var scalars: [Unicode.Scalar]
        var id: Int32
    }

    /// Candidates by first scalar, longest first.
    private let byFirstScalar: [Unicode.Scalar: [Candidate]]

    var isEmpty: Bool { byFirstScalar.isEmpty }

    init(specials: [(text: String, id: Int32)]) {
        var table: [Unicode.Scalar: [Candidate]] = [:]
        for special in specials {
            let scalars = Array(special.text.unicodeScalars)
            guard let first = scalars.first else { continue }  // an empty token can never match
            table[first, default: []].append(Candidate(scalars: scalars, id: special.id))
        }
        for key in table.keys {
            table[key]?.sort { $0.scalars.count > $1.scalars.count }
        }
        byFirstScalar = table
    }

    /// The special token starting at `scalars[index]`, with its length in scalars.
    @inline(__always)
    func match(in scalars: [Unicode.Scalar], at index: Int) -> (id: Int32, length: Int)? {
        guard let candidates = byFirstScalar[scalars[index]] else { return nil }
        for candidate in candidates where index + candidate.scalars.count <= scalars.count {
            if scalars[index ..< index + candidate.scalars.count].elementsEqual(candidate.scalars) {
                return (candidate.id, candidate.scalars.count)
            }
        }
        return nil
    }
}
