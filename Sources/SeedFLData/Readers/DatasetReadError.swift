/// A data file could not be read into a ``TextDataset``.
///
/// It names the file, the 1-based line and the field (a JSON key or a TSV column) where
/// reading stopped, so that a bad row in a 10 k-line file can be found and fixed by hand.
public struct DatasetReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Hashable, Sendable {
        /// The file could not be opened or read; `reason` is the system's explanation.
        case cannotRead(reason: String)
        /// The line is not valid UTF-8.
        case invalidUTF8
        /// The line is not one JSON document; `reason` is the decoder's explanation.
        case malformedJSON(reason: String)
        /// The line is valid JSON but not an object.
        case notAnObject
        /// A required field (JSON key or TSV column) is absent.
        case missingField
        /// The field holds a JSON value of the wrong kind.
        case wrongType(expected: String, found: String)
        /// A string label matches no label name and is not an index.
        case unknownLabel(String, known: [String])
        /// An integer label is outside `0..<classes`.
        case labelOutOfRange(Int, classes: Int)
        /// A field that must be a finite number is not one.
        case invalidNumber(String)
        /// A number is outside the range the format allows.
        case valueOutOfRange(Double, allowed: ClosedRange<Double>)
        /// A row has the wrong number of tab-separated fields.
        case wrongFieldCount(expected: Int, found: Int)
        /// A TSV column was named but the format has no header line to look names up in.
        case columnNameWithoutHeader(String)
        /// The file held no usable example.
        case noExamples
    }

    /// The path of the file being read.
    public let file: String
    /// The 1-based line number, or `nil` when the error concerns the whole file.
    public let line: Int?
    /// The JSON key or TSV column concerned, or `nil` when the error concerns the whole line.
    public let field: String?
    /// What was wrong.
    public let code: Code

    /// Creates an error; `line` and `field` default to `nil` (whole file).
    public init(file: String, line: Int? = nil, field: String? = nil, code: Code) {
        self.file = file
        self.line = line
        self.field = field
        self.code = code
    }

    /// `file:line: field 'key': reason`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += ": field '\(field)'" }
        return "\(location): \(reason)"
    }

    private var reason: String {
        switch code {
        case let .cannotRead(reason):
            return "cannot read file (\(reason))"
        case .invalidUTF8:
            return "line is not valid UTF-8"
        case let .malformedJSON(reason):
            return "malformed JSON (\(reason))"
        case .notAnObject:
            return "JSON line is not an object"
        case .missingField:
            return "required field is missing"
        case let .wrongType(expected, found):
            return "expected \(expected), found \(found)"
        case let .unknownLabel(label, known):
            return "unknown label '\(label)' (known: \(known.joined(separator: ", ")))"
        case let .labelOutOfRange(label, classes):
            return "label \(label) is outside 0..<\(classes)"
        case let .invalidNumber(text):
            return "'\(text)' is not a finite number"
        case let .valueOutOfRange(value, allowed):
            return "\(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case let .wrongFieldCount(expected, found):
            return "expected \(expected) tab-separated fields, found \(found)"
        case let .columnNameWithoutHeader(name):
            return "column '\(name)' is named but the format has no header line"
        case .noExamples:
            return "file contains no examples"
        }
    }
}
