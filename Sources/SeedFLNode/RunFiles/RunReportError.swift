import Foundation

/// Why `seedfl report` could not write its page: which file, what was wrong with it.
public struct RunReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; callers branch on this, people read ``message``.
    public enum Code: String, Sendable, CaseIterable {
        /// `summary.json` is absent: without it there is no run to report on.
        case missingSummary
        /// `summary.json` is not a JSON object with `rounds_committed` and `seconds`.
        case badSummary
        /// An input file is larger than ``RunReportLimits/maxFileBytes``.
        case fileTooLarge
        /// An input file has more lines than ``RunReportLimits/maxLines``.
        case tooManyLines
        /// An input file exists but could not be read.
        case unreadable
        /// The page could not be written.
        case write
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and why, naming the file involved.
    public var message: String

    /// An error of kind `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
