/// The residual streams of examples after the frozen blocks below the trainable ones, kept per
/// example so that every later forward pass over that example starts above them.
///
/// Why this is safe: no trainable value lives below the cut (``TrainableLayout``'s
/// `firstTrainableBlock`), so a stream is a pure function of the stored weights and the
/// example's tokens, and ``LlamaModel/residualStream(of:blocks:)`` computes it one sequence at a
/// time, with the same bits whichever batch first needs it. Caching therefore changes when the
/// prefix is computed, never what a loss is.
///
/// Why it pays: zeroth-order training evaluates the same examples 1 + P times per step, and
/// trainers draw their batches from a fixed shard; with only the top blocks trainable, a pass
/// over the cached streams costs those blocks alone.
///
/// Memory: `tokens × hidden` floats per example (about 80 KB for a 35-token prompt on
/// SmolLM2-135M), for the examples a process has evaluated; bounded by the size of its splits.
/// Not thread-safe: the classifier uses it under its engine lock.
final class FrozenPrefixCache {
    /// Which prompt list an example index refers to.
    enum Split: Hashable {
        case training
        case evaluation
    }

    private var streams: [Split: [Int: [Float]]] = [:]
    /// Floats held, for memory reports.
    private(set) var storedFloats = 0

    /// The stored stream of `example`, or nil.
    func stream(_ split: Split, _ example: Int) -> [Float]? { streams[split]?[example] }

    /// Keeps `stream` as the stream of `example`.
    func store(_ stream: [Float], _ split: Split, _ example: Int) {
        if streams[split, default: [:]].updateValue(stream, forKey: example) == nil { storedFloats += stream.count }
    }

    /// Examples held in `split`.
    func count(_ split: Split) -> Int { streams[split]?.count ?? 0 }
}
