/// Example indices grouped by label: the strata of a split and the per-label pools of the
/// label-aware partitioners.
struct LabelGroups: Sendable {
    /// The distinct labels present, ascending.
    let labels: [Int]
    /// `members[i]` are the indices (ascending) of the examples labelled `labels[i]`.
    let members: [[Int]]

    init(labels exampleLabels: [Int]) {
        var byLabel: [Int: [Int]] = [:]
        for (index, label) in exampleLabels.enumerated() { byLabel[label, default: []].append(index) }
        labels = byLabel.keys.sorted()
        members = labels.map { byLabel[$0] ?? [] }
    }
}
