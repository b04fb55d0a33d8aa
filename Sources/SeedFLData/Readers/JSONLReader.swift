import Foundation

/// Where a JSON-lines file keeps the text, the label and (optionally) a score.
public struct JSONLFormat: Hashable, Sendable {
    /// Key of the example text (a JSON string). Default `"text"`, the usual name in
    /// Hugging Face style exports.
    public var textKey: String
    /// Key of the label: an integer index, or a string resolved against `labelNames`
    /// (a name first, then a decimal index). Default `"label"`.
    public var labelKey: String
    /// Key of an optional continuous score (a JSON number); `nil` (the default) reads none.
    /// When set, a line without the key or with `null` gets a `nil` score.
    public var scoreKey: String?
    /// Class names by index; also the vocabulary for string labels.
    public let labelNames: [String]

    /// Creates a format.
    ///
    /// - Throws: ``TextDatasetError`` when `labelNames` is empty or repeats a name.
    public init(
        textKey: String = "text", labelKey: String = "label", scoreKey: String? = nil,
        labelNames: [String]
    ) throws(TextDatasetError) {
        try TextDataset.validate(labelNames: labelNames)
        self.textKey = textKey
        self.labelKey = labelKey
        self.scoreKey = scoreKey
        self.labelNames = labelNames
    }
}

/// Reads one JSON object per line into a ``TextDataset``.
///
/// Blank (whitespace-only) lines are skipped, so a trailing newline or a separating empty
/// line is harmless; every other line must be a JSON object with the configured keys.
/// Keys the format does not name are ignored, whatever their type.
public enum JSONLReader {
    /// Reads the file at `path`.
    ///
    /// - Throws: ``DatasetReadError`` naming the file, line and key of the first problem,
    ///   or `.noExamples` when the file holds no example.
    public static func read(path: String, format: JSONLFormat) throws(DatasetReadError) -> TextDataset {
        let resolver = LabelResolver(labelNames: format.labelNames)
        let decoder = JSONDecoder()
        var examples: [LabeledText] = []
        for line in try TextLines.read(path: path)
        where !line.text.allSatisfy(\.isWhitespace) {
            let fail = { (field: String?, code: DatasetReadError.Code) in
                DatasetReadError(file: path, line: line.number, field: field, code: code)
            }
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: Data(line.text.utf8))
            } catch {
                throw fail(nil, .malformedJSON(reason: Self.summary(of: error)))
            }
            guard case let .object(object) = value else { throw fail(nil, .notAnObject) }

            guard let textValue = object[format.textKey] else { throw fail(format.textKey, .missingField) }
            guard case let .string(text) = textValue else {
                throw fail(format.textKey, .wrongType(expected: "string", found: textValue.kind))
            }

            guard let labelValue = object[format.labelKey] else { throw fail(format.labelKey, .missingField) }
            let label: Int
            switch labelValue {
            case let .integer(index):
                label = try resolver.resolve(index) { fail(format.labelKey, $0) }
            case let .string(name):
                label = try resolver.resolve(name) { fail(format.labelKey, $0) }
            default:
                throw fail(format.labelKey, .wrongType(expected: "integer or string", found: labelValue.kind))
            }

            var score: Double?
            if let scoreKey = format.scoreKey, let scoreValue = object[scoreKey] {
                switch scoreValue {
                case .null: score = nil
                case let .integer(number): score = Double(number)
                case let .number(number): score = number
                default:
                    throw fail(scoreKey, .wrongType(expected: "number", found: scoreValue.kind))
                }
            }
            examples.append(LabeledText(text: text, label: label, score: score))
        }
        guard !examples.isEmpty else { throw DatasetReadError(file: path, code: .noExamples) }
        return TextDataset(checkedExamples: examples, labelNames: format.labelNames)
    }

    /// The decoder's own explanation without Foundation's long debug wrapping.
    private static func summary(of error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            if let underlying = context.underlyingError {
                return "\(context.debugDescription) \(underlying.localizedDescription)"
            }
            return context.debugDescription
        }
        return String(describing: error)
    }
}
