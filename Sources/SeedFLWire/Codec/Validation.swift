/// Semantic checks shared by several messages. Each throws the first violation it finds,
/// naming the field (and the element index for arrays) so the log pinpoints it.
enum Validate {
    /// A float field must be finite: NaN or infinity in a loss, learning rate or scalar
    /// would poison every model that applies the round.
    static func finite(_ value: Float, field: String) throws(WireError) {
        guard value.isFinite else { throw .nonFinite(field: field) }
    }

    /// A binary64 field (an aggregator's sums) must be finite for the same reason.
    static func finite(_ value: Double, field: String) throws(WireError) {
        guard value.isFinite else { throw .nonFinite(field: field) }
    }

    /// Every element of a binary64 array must be finite.
    static func finite(_ values: [Double], field: String) throws(WireError) {
        for (index, value) in values.enumerated() where !value.isFinite {
            throw .nonFinite(field: "\(field)[\(index)]")
        }
    }

    /// Every element of a float array must be finite.
    static func finite(_ values: [Float], field: String) throws(WireError) {
        for (index, value) in values.enumerated() where !value.isFinite {
            throw .nonFinite(field: "\(field)[\(index)]")
        }
    }

    /// K and P must be at least 1: a round without steps or perturbations carries nothing.
    static func atLeastOne(_ value: UInt16, field: String) throws(WireError) {
        guard value >= 1 else { throw .invalidValue(field: field, reason: "must be at least 1, got 0") }
    }

    /// A seed-scalar array has exactly K*P values, row-major `[k][p]`.
    static func scalarCount(_ count: Int, k: UInt16, p: UInt16, field: String) throws(WireError) {
        let expected = Int(k) * Int(p)
        guard count == expected else {
            throw .countMismatch(field: field, found: count, expected: expected)
        }
    }

    /// An array's count must be within `1 ... limit` (`minimum` may be 0 for arrays that may
    /// be empty). Decoding already enforced the upper bound; this repeats it so that
    /// `validate(limits:)` alone catches a sender's own oversized message.
    static func count(_ count: Int, field: String, minimum: Int = 1, limit: Int) throws(WireError) {
        if count < minimum { throw .countOutOfRange(field: field, value: count, limit: minimum) }
        if count > limit { throw .countOutOfRange(field: field, value: count, limit: limit) }
    }

    /// Trainer id lists are sets in canonical order: strictly increasing, which excludes
    /// duplicates (a trainer counted twice) and gives every set exactly one encoding.
    static func strictlyIncreasing(_ ids: [UInt32], field: String) throws(WireError) {
        guard ids.count > 1 else { return }
        for index in 1 ..< ids.count where ids[index] <= ids[index - 1] {
            let reason = ids[index] == ids[index - 1]
                ? "duplicate id \(ids[index]) at index \(index)"
                : "ids must be strictly increasing: \(ids[index]) follows \(ids[index - 1]) at index \(index)"
            throw .invalidValue(field: field, reason: reason)
        }
    }

    /// A learning rate must be finite and strictly positive.
    static func learningRate(_ value: Float, field: String) throws(WireError) {
        try finite(value, field: field)
        guard value > 0 else { throw .invalidValue(field: field, reason: "must be > 0, got \(value)") }
    }

    /// Broadcast sequence numbers start at 1, so 0 can mean "nothing applied yet" elsewhere.
    static func sequenceNumber(_ value: UInt64, field: String) throws(WireError) {
        guard value >= 1 else { throw .invalidValue(field: field, reason: "sequence numbers start at 1, got 0") }
    }

    /// An example count is a weight; a contribution that saw no examples carries no
    /// information and would divide by zero in a weighted mean.
    static func exampleCount(_ value: UInt32, field: String) throws(WireError) {
        guard value >= 1 else { throw .invalidValue(field: field, reason: "must be at least 1, got 0") }
    }
}
