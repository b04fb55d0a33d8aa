import SeedFLCore

/// One label per client: the most skewed partition, where no client sees two classes.
///
/// With L distinct labels present (ascending), client c holds label number `c % L`; the
/// clients of a label split its examples evenly — its indices are shuffled (one generator
/// derived from the seed, labels in ascending order) and cut into contiguous runs whose
/// sizes differ by at most one, the larger runs going to the lower client ids.
enum LabelPartition {
    /// Requires `clients >= L` (otherwise some label has no client) and every label to
    /// have at least as many examples as clients (otherwise a client would be empty).
    static func partition(labels: [Int], clients: Int, seed: UInt64) throws(PartitionError) -> [[Int]] {
        let groups = LabelGroups(labels: labels)
        let labelCount = groups.labels.count
        guard clients >= labelCount else {
            throw PartitionError(code: .fewerClientsThanLabels(clients: clients, labels: labelCount))
        }
        var generator = SplitMix64(StreamDomain.labelPartition, seed)
        var shards = [[Int]](repeating: [], count: clients)
        for (position, members) in groups.members.enumerated() {
            let owners = Array(stride(from: position, to: clients, by: labelCount))
            guard members.count >= owners.count else {
                throw PartitionError(code: .labelTooSmall(
                    label: groups.labels[position], examples: members.count, clients: owners.count))
            }
            var shuffled = members
            SeededDraws.shuffle(&shuffled, using: &generator)
            let base = members.count / owners.count
            let extra = members.count % owners.count
            var start = 0
            for (rank, client) in owners.enumerated() {
                let size = base + (rank < extra ? 1 : 0)
                shards[client] = shuffled[start..<(start + size)].sorted()
                start += size
            }
        }
        return shards
    }
}
