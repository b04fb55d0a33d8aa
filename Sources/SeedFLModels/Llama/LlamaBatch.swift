/// A batch of token sequences of possibly different lengths.
///
/// The sequences are packed end to end: no padding is stored or computed, and attention never
/// crosses from one sequence into another, so each sequence's results are the same as if it
/// were run alone (up to the rounding of a differently shaped sgemm).
public struct LlamaBatch: Sendable, Equatable {
    /// The token ids of each sequence; every sequence is non-empty.
    public let sequences: [[Int]]

    /// A batch of the given sequences.
    ///
    /// - Throws: `LlamaError.invalidInput` if the batch or one of its sequences is empty.
    public init(sequences: [[Int]]) throws {
        guard !sequences.isEmpty else { throw LlamaError(.invalidInput, "the batch has no sequences") }
        for (index, sequence) in sequences.enumerated() where sequence.isEmpty {
            throw LlamaError(.invalidInput, "sequence \(index) is empty")
        }
        self.sequences = sequences
    }

    /// A batch from a right-padded matrix: row `i` holds `lengths[i]` real tokens followed by
    /// padding, which is dropped (its value does not matter).
    ///
    /// - Throws: `LlamaError.invalidInput` if the counts differ, or a length is not in
    ///   `1...padded[i].count`.
    public init(padded: [[Int]], lengths: [Int]) throws {
        guard padded.count == lengths.count else {
            throw LlamaError(.invalidInput, "\(padded.count) padded rows but \(lengths.count) lengths")
        }
        var sequences: [[Int]] = []
        sequences.reserveCapacity(padded.count)
        for (index, (row, length)) in zip(padded, lengths).enumerated() {
            guard length >= 1, length <= row.count else {
                throw LlamaError(.invalidInput, "length \(length) of row \(index) is not in 1...\(row.count)")
            }
            sequences.append(Array(row[0..<length]))
        }
        try self.init(sequences: sequences)
    }

    /// Total number of tokens.
    public var tokenCount: Int { sequences.reduce(0) { $0 + $1.count } }
    /// Length of the longest sequence.
    public var maximumLength: Int { sequences.map(\.count).max() ?? 0 }
}

/// A (sequence, position) pair naming one token of a batch.
public struct LlamaPosition: Sendable, Equatable, Hashable {
    /// Index of the sequence in the batch.
    public var sequence: Int
    /// Position within that sequence, from 0.
    public var position: Int

    /// Names token `position` of sequence `sequence`.
    public init(sequence: Int, position: Int) {
        self.sequence = sequence
        self.position = position
    }
}

/// What a forward pass should return.
public struct LlamaOutputRequest: Sendable, Equatable {
    /// Which tokens to produce outputs for.
    public enum Positions: Sendable, Equatable {
        /// The last token of every sequence (next-token prediction, prompt classification).
        case last
        /// Every token of every sequence, in batch order (language-model loss).
        case all
        /// The listed tokens, in the listed order.
        case explicit([LlamaPosition])
    }

    /// Which tokens to produce outputs for.
    public var positions: Positions
    /// Which rows of the output head to compute logits for, or nil for no logits. A loss over
    /// two verbalizer tokens needs two rows, not 49 152.
    public var vocabulary: LlamaRowSelection?
    /// Whether to return the final-norm hidden states of the selected tokens.
    public var includeHidden: Bool

    /// Defaults to logits over the whole vocabulary at the last position, without hidden states.
    public init(positions: Positions = .last, vocabulary: LlamaRowSelection? = .all, includeHidden: Bool = false) {
        self.positions = positions
        self.vocabulary = vocabulary
        self.includeHidden = includeHidden
    }
}

/// The results of a forward pass, one row per requested position.
public struct LlamaOutput: Sendable, Equatable {
    /// The token each row belongs to.
    public var positions: [LlamaPosition]
    /// Final-norm hidden states, `positions.count × hiddenSize`, or empty if not requested.
    public var hidden: [Float]
    /// Width of a hidden row.
    public var hiddenSize: Int
    /// Logits, `positions.count × vocabularyRowCount`; column `j` is the `j`-th requested
    /// vocabulary row. Empty if no logits were requested.
    public var logits: [Float]
    /// Number of logit columns.
    public var vocabularyRowCount: Int

    /// The logits of output row `row`.
    public func logits(row: Int) -> ArraySlice<Float> {
        logits[(row * vocabularyRowCount)..<((row + 1) * vocabularyRowCount)]
    }

    /// The hidden state of output row `row`.
    public func hidden(row: Int) -> ArraySlice<Float> {
        hidden[(row * hiddenSize)..<((row + 1) * hiddenSize)]
    }
}
