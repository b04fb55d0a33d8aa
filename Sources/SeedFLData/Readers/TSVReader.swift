/// Where a tab-separated file keeps the text, the label and (optionally) a score.
public struct TSVFormat: Hashable, Sendable {
    /// A column, by 0-based position or by its name in the header line.
    public enum Column: Hashable, Sendable, CustomStringConvertible {
        /// The column at this 0-based position.
        case index(Int)
        /// The column whose header cell is exactly this string (needs `hasHeader`).
        case name(String)

        /// The header name, or `column N` for a positional column (as error messages print it).
        public var description: String {
            switch self {
            case let .index(position): return "column \(position)"
            case let .name(name): return name
            }
        }
    }

    /// The column holding the example text. Fields are split on every tab and not
    /// unquoted: TSV text columns here never contain tabs.
    public var text: Column
    /// The column holding the label: a name from `labelNames` or a decimal index.
    public var label: Column
    /// An optional column with a continuous score (a finite decimal number); `nil` reads none.
    public var score: Column?
    /// Whether the first line is a header naming the columns (and not an example).
    public var hasHeader: Bool
    /// Class names by index; also the vocabulary for textual labels.
    public let labelNames: [String]

    /// Creates a format. Defaults: text in column 0, label in column 1, no score, no
    /// header — the shape of a minimal `text<TAB>label` file.
    ///
    /// - Throws: ``TextDatasetError`` when `labelNames` is empty or repeats a name.
    public init(
        text: Column = .index(0), label: Column = .index(1), score: Column? = nil,
        hasHeader: Bool = false, labelNames: [String]
    ) throws(TextDatasetError) {
        try TextDataset.validate(labelNames: labelNames)
        self.text = text
        self.label = label
        self.score = score
        self.hasHeader = hasHeader
        self.labelNames = labelNames
    }
}

/// Reads a tab-separated file into a ``TextDataset``.
///
/// Empty lines are skipped. Extra columns are ignored; a row too short for a configured
/// column is an error naming that column.
public enum TSVReader {
    /// Reads the file at `path`.
    ///
    /// - Throws: ``DatasetReadError`` naming the file, line and column of the first
    ///   problem, or `.noExamples` when the file holds no example.
    public static func read(path: String, format: TSVFormat) throws(DatasetReadError) -> TextDataset {
        var lines = try TextLines.read(path: path)[...]
        var header: [String: Int] = [:]
        var headerLine = 1
        if format.hasHeader {
            while let first = lines.first, first.text.isEmpty { lines.removeFirst() }
            if let first = lines.popFirst() {
                headerLine = first.number
                for (position, name) in Self.fields(of: first.text).enumerated() where header[name] == nil {
                    header[name] = position
                }
            }
        }
        func position(of column: TSVFormat.Column) throws(DatasetReadError) -> Int {
            switch column {
            case let .index(position):
                return position
            case let .name(name):
                guard format.hasHeader else {
                    throw DatasetReadError(file: path, field: name, code: .columnNameWithoutHeader(name))
                }
                guard let position = header[name] else {
                    throw DatasetReadError(file: path, line: headerLine, field: name, code: .missingField)
                }
                return position
            }
        }
        let textPosition = try position(of: format.text)
        let labelPosition = try position(of: format.label)
        let scorePosition: Int? = if let score = format.score { try position(of: score) } else { nil }

        let resolver = LabelResolver(labelNames: format.labelNames)
        var examples: [LabeledText] = []
        for line in lines where !line.text.isEmpty {
            let fields = Self.fields(of: line.text)
            func cell(_ position: Int, _ column: TSVFormat.Column) throws(DatasetReadError) -> String {
                guard fields.indices.contains(position) else {
                    throw DatasetReadError(file: path, line: line.number, field: column.description, code: .missingField)
                }
                return fields[position]
            }
            let text = try cell(textPosition, format.text)
            let label = try resolver.resolve(try cell(labelPosition, format.label)) {
                DatasetReadError(file: path, line: line.number, field: format.label.description, code: $0)
            }
            var score: Double?
            if let scorePosition, let scoreColumn = format.score {
                let raw = try cell(scorePosition, scoreColumn)
                guard let value = Double(raw), value.isFinite else {
                    throw DatasetReadError(
                        file: path, line: line.number, field: scoreColumn.description, code: .invalidNumber(raw))
                }
                score = value
            }
            examples.append(LabeledText(text: text, label: label, score: score))
        }
        guard !examples.isEmpty else { throw DatasetReadError(file: path, code: .noExamples) }
        return TextDataset(checkedExamples: examples, labelNames: format.labelNames)
    }

    /// Splits a line on every tab; consecutive tabs give empty fields.
    static func fields(of line: String) -> [String] {
        line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
}
