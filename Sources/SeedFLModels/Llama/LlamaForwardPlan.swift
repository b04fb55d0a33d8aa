/// A validated batch and output request, flattened for the forward pass: the packed token
/// list, where each sequence starts in it, and the packed row of every requested output.
struct LlamaForwardPlan {
    let tokens: [Int]
    let starts: [Int]
    let lengths: [Int]
    let maximumLength: Int
    let positions: [LlamaPosition]
    /// `outputRows[r]` is the packed row of `positions[r]`.
    let outputRows: [Int]
    let vocabulary: LlamaRowSelection?
    let includeHidden: Bool

    init(batch: LlamaBatch, request: LlamaOutputRequest, config: LlamaConfig) throws {
        var tokens: [Int] = []
        tokens.reserveCapacity(batch.tokenCount)
        var starts: [Int] = []
        for (index, sequence) in batch.sequences.enumerated() {
            starts.append(tokens.count)
            for (position, token) in sequence.enumerated() where !(0..<config.vocabularySize).contains(token) {
                throw LlamaError(.invalidInput, "token id \(token) at position \(position) of sequence \(index) is outside 0..<\(config.vocabularySize)")
            }
            tokens.append(contentsOf: sequence)
        }
        let lengths = batch.sequences.map(\.count)

        let positions: [LlamaPosition]
        switch request.positions {
        case .last:
            positions = lengths.enumerated().map { LlamaPosition(sequence: $0.offset, position: $0.element - 1) }
        case .all:
            positions = lengths.enumerated().flatMap { sequence, length in
                (0..<length).map { LlamaPosition(sequence: sequence, position: $0) }
            }
        case .explicit(let list):
            for item in list {
                guard lengths.indices.contains(item.sequence), (0..<lengths[item.sequence]).contains(item.position) else {
                    throw LlamaError(.invalidInput, "output position \(item.position) of sequence \(item.sequence) is not in the batch")
                }
            }
            positions = list
        }

        if case .rows(let rows)? = request.vocabulary {
            let outputRows = config.vocabularySize
            if let bad = rows.first(where: { !(0..<outputRows).contains($0) }) {
                throw LlamaError(.invalidInput, "vocabulary row \(bad) is outside 0..<\(outputRows)")
            }
        }

        self.tokens = tokens
        self.starts = starts
        self.lengths = lengths
        self.maximumLength = lengths.max() ?? 0
        self.positions = positions
        self.outputRows = positions.map { starts[$0.sequence] + $0.position }
        self.vocabulary = request.vocabulary
        self.includeHidden = request.includeHidden
    }
}
