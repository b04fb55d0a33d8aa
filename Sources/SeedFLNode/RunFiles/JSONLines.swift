import Foundation

/// The records of a JSON Lines file (one JSON object per line) that decode, and how many
/// lines did not.
///
/// A line that is not a JSON object of the expected shape is skipped and counted rather
/// than failing the whole report: a run killed mid-write leaves a torn last line, and one
/// bad line should not hide the other thousand. Blank lines are neither records nor
/// malformed.
public struct JSONLines<Record: Decodable> {
    /// The decoded records, in file order.
    public var records: [Record]
    /// Non-blank lines that did not decode as a `Record`.
    public var malformed: Int

    /// Splits `data` at `\n` (a trailing `\r` is tolerated) and decodes every non-blank
    /// line; throws ``RunReportError/Code/tooManyLines`` past `limits.maxLines` lines, so
    /// the work stays bounded even for a file of newlines.
    public static func parse(_ data: Data, file: String, limits: RunReportLimits) throws -> JSONLines {
        var records: [Record] = []
        var malformed = 0
        var lines = 0
        let decoder = JSONDecoder()
        let newline = UInt8(ascii: "\n")
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: newline) ?? data.endIndex
            lines += 1
            guard lines <= limits.maxLines else {
                throw RunReportError(.tooManyLines, "\(file) has more than \(limits.maxLines) lines; "
                                     + "the report refuses files this long")
            }
            let line = data[start..<end]
            if !isBlank(line) {
                if let record = try? decoder.decode(Record.self, from: line) {
                    records.append(record)
                } else {
                    malformed += 1
                }
            }
            start = end == data.endIndex ? end : data.index(after: end)
        }
        return JSONLines(records: records, malformed: malformed)
    }

    /// True for a line of spaces, tabs and carriage returns only.
    private static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}

extension JSONLines {
    /// The records of the file at `path` (none when it does not exist), read whole within
    /// `limits` (``BoundedFile``).
    public static func read(_ path: String, limits: RunReportLimits = .default) throws -> JSONLines {
        guard let data = try BoundedFile.read(path, limits: limits) else { return JSONLines(records: [], malformed: 0) }
        return try parse(data, file: path, limits: limits)
    }
}

extension JSONLines where Record: Encodable {
    /// Appends `record` to `path` (created if missing) as one line, with one `write`, so that
    /// a crash leaves at most a torn last line, which readers skip and count.
    public static func append(_ record: Record, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}
