import SeedFLCore

/// Integer draws and shuffles written out in full, so that a seed gives the same split,
/// partition and batches with every Swift version and on every platform.
///
/// The standard library's `shuffle(using:)` and `Int.random(in:using:)` are not promised
/// to keep their algorithms, so they are not used for anything a seed must reproduce.
enum SeededDraws {
    /// A uniform integer in `0..<bound` (`bound > 0`).
    ///
    /// Lemire's multiply-and-reject method (2019): the high word of `x * bound` for a
    /// 64-bit draw `x`, redrawing while the low word falls below `2^64 mod bound`, which
    /// makes the result exactly uniform. Consumes one draw except on the rare rejection.
    static func index(below bound: Int, using generator: inout SplitMix64) -> Int {
        let range = UInt64(bound)
        var product = generator.next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `elements` in place: Durstenfeld's Fisher-Yates, walking `i` from the last
    /// position down to 1 and swapping it with a position drawn by ``index(below:using:)``
    /// in `0...i`. Every permutation is equally likely.
    static func shuffle<Element>(_ elements: inout [Element], using generator: inout SplitMix64) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = index(below: i + 1, using: &generator)
            elements.swapAt(i, j)
        }
    }

    /// Splits `total` into parts proportional to `weights` (non-negative, not all zero)
    /// that sum to exactly `total`: Hamilton's largest-remainder method. Each part gets
    /// the floor of its exact share; the leftover units go to the largest fractional
    /// parts, ties to the lower position.
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { $0 / sum * Double(total) }
        let floors = exact.map { $0.rounded(.down) }
        return distributeLeftover(
            total, floors: floors.map { Int($0) },
            byLargest: zip(exact, floors).map { $0 - $1 })
    }

    /// ``apportion(_:weights:)`` in exact integer arithmetic, for weights that are counts
    /// (the per-label sizes of a stratified split): share i is `total * w_i / sum(w)`.
    static func apportion(_ total: Int, counts: [Int]) -> [Int] {
        let sum = counts.reduce(0, +)
        let floors = counts.map { total * $0 / sum }
        let remainders = counts.map { Double(total * $0 % sum) }
        return distributeLeftover(total, floors: floors, byLargest: remainders)
    }

    /// Adds the units `total - sum(floors)` one each to the positions with the largest
    /// `priority`, ties to the lower position (cycling if rounding left more units than
    /// positions, which exact shares never do).
    private static func distributeLeftover(_ total: Int, floors: [Int], byLargest priority: [Double]) -> [Int] {
        var parts = floors
        let order = priority.indices.sorted { a, b in
            priority[a] != priority[b] ? priority[a] > priority[b] : a < b
        }
        var leftover = total - parts.reduce(0, +)
        var cursor = 0
        while leftover > 0, !order.isEmpty {
            parts[order[cursor % order.count]] += 1
            leftover -= 1
            cursor += 1
        }
        return parts
    }
}
