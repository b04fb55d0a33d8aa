/// The movie-review snippets of Hutto & Gilbert's VADER ground truth
/// (`movieReviewSnippets_GroundTruth.txt`, shipped in the vaderSentiment 3.3.2 sdist):
/// 10,605 rows `id<TAB>mean rating<TAB>sentence`, ratings in -4...+4, CRLF line ends.
///
/// The binary task is the sign of the mean rating: positive (label 1) when above zero,
/// negative (label 0) when below. Rows rated exactly zero carry no sentiment and are
/// dropped; ``neutralRowsDropped`` says how many. The rating is kept as the example's
/// ``LabeledText/score``.
public struct MovieReviews: Sendable {
    /// Class names by label: 0 is negative, 1 is positive (the order of SST-2 and of most
    /// binary sentiment verbalisers).
    public static let labelNames = ["negative", "positive"]
    /// The file's name as shipped.
    public static let fileName = "movieReviewSnippets_GroundTruth.txt"
    /// Where `Scripts/fetch-assets.sh` puts the file, relative to the assets folder.
    public static let assetPath = "data/" + fileName
    /// The rating scale of the source: each rating is a mean of human scores on -4...+4.
    public static let ratingRange: ClosedRange<Double> = -4...4

    /// The labelled examples, in file order, without the neutral rows.
    public let dataset: TextDataset
    /// How many data rows the file held (kept plus dropped).
    public let rowCount: Int
    /// How many rows had a mean rating of exactly zero and were left out.
    public let neutralRowsDropped: Int

    /// Reads the file at `path`.
    ///
    /// Each non-empty line must have exactly three tab-separated fields, a finite rating
    /// within ``ratingRange`` and a non-empty sentence. The id is not interpreted.
    ///
    /// - Throws: ``DatasetReadError`` naming the line (and the field, `rating` or
    ///   `sentence`) of the first bad row.
    public static func load(path: String) throws(DatasetReadError) -> MovieReviews {
        var examples: [LabeledText] = []
        var rows = 0
        var dropped = 0
        for line in try TextLines.read(path: path) where !line.text.isEmpty {
            let fields = TSVReader.fields(of: line.text)
            guard fields.count == 3 else {
                throw DatasetReadError(
                    file: path, line: line.number, code: .wrongFieldCount(expected: 3, found: fields.count))
            }
            let raw = fields[1]
            guard let rating = Double(raw), rating.isFinite else {
                throw DatasetReadError(file: path, line: line.number, field: "rating", code: .invalidNumber(raw))
            }
            guard ratingRange.contains(rating) else {
                throw DatasetReadError(
                    file: path, line: line.number, field: "rating", code: .valueOutOfRange(rating, allowed: ratingRange))
            }
            guard !fields[2].isEmpty else {
                throw DatasetReadError(file: path, line: line.number, field: "sentence", code: .missingField)
            }
            rows += 1
            if rating == 0 {
                dropped += 1
                continue
            }
            examples.append(LabeledText(text: fields[2], label: rating > 0 ? 1 : 0, score: rating))
        }
        guard !examples.isEmpty else { throw DatasetReadError(file: path, code: .noExamples) }
        return MovieReviews(
            dataset: TextDataset(checkedExamples: examples, labelNames: labelNames),
            rowCount: rows, neutralRowsDropped: dropped)
    }
}
