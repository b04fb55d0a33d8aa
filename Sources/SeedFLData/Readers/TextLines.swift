import Foundation

/// One line of a text file, with its 1-based number for error messages.
struct NumberedLine: Sendable {
    let number: Int
    let text: String
}

/// Splits a data file into lines the same way on every platform.
///
/// Lines end at LF; one CR before the LF is dropped (CRLF files such as the movie-review
/// set). A last line without a terminating newline is still a line; a terminating newline
/// does not create an empty last line. A UTF-8 byte-order mark at the start is dropped.
/// Each line is validated as UTF-8 on its own, so an encoding error names its line.
enum TextLines {
    static func read(path: String) throws(DatasetReadError) -> [NumberedLine] {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DatasetReadError(file: path, code: .cannotRead(reason: error.localizedDescription))
        }
        return try split(bytes, path: path)
    }

    static func split(_ bytes: [UInt8], path: String) throws(DatasetReadError) -> [NumberedLine] {
        let lineFeed: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines: [NumberedLine] = []
        var number = 1
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: lineFeed)
            var end = newline ?? bytes.count
            if end > start, bytes[end - 1] == carriageReturn { end -= 1 }
            guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
                throw DatasetReadError(file: path, line: number, code: .invalidUTF8)
            }
            lines.append(NumberedLine(number: number, text: text))
            guard let newline else { break }
            start = newline + 1
            number += 1
        }
        return lines
    }
}
