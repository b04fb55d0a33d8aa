/// One example of a text-classification task.
///
/// `label` is an index into the owning ``TextDataset/labelNames``. `score` keeps the
/// continuous value a label was derived from when the source has one (the mean rating of
/// a movie-review snippet, for instance), so that a coarser label can be re-derived
/// without re-reading the file; it is `nil` when the source only has a class.
public struct LabeledText: Hashable, Sendable {
    /// The example's text, exactly as read (no trimming or case folding: the tokenizer
    /// owns normalisation).
    public var text: String
    /// The class index, in `0..<labelNames.count` of the owning dataset.
    public var label: Int
    /// The continuous score the label came from, when the source has one.
    public var score: Double?

    /// Creates an example; `score` defaults to `nil` because most sources have none.
    public init(text: String, label: Int, score: Double? = nil) {
        self.text = text
        self.label = label
        self.score = score
    }
}
