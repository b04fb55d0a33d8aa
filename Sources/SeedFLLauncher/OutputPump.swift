import Foundation
import SeedFLNode

/// Reads one child's combined stdout/stderr pipe until end of file, on its own thread,
/// and hands every line (prefixed with `[name]` unless it already starts with `[`, or is a
/// JSON log line, which starts with `{` and names its role inside) to the log file and to the
/// output sink.
///
/// A blocking `read` on a dedicated thread is the simplest correct reader: there is one
/// pipe per child and a handful of children, and EOF arrives exactly when every process
/// holding the write end (the child and anything it spawned) has gone.
final class OutputPump: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the reader thread; it owns `readFD` and `logFD` and closes both at EOF.
    init(name: String, readFD: Int32, logFD: Int32?, output: @escaping @Sendable (String) -> Void) {
        let finished = self.finished
        let thread = Thread {
            var splitter = LineSplitter()
            let emit = { (line: String) in
                let text = line.hasPrefix("[") || line.hasPrefix("{") ? line : "[\(name)] \(line)"
                if let logFD { OutputPump.writeAll(logFD, text + "\n") }
                output(text)
            }
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let lines = buffer.withUnsafeBytes { splitter.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                lines.forEach(emit)
            }
            if let rest = splitter.finish() { emit(rest) }
            close(readFD)
            if let logFD { close(logFD) }
            finished.signal()
        }
        thread.name = "seedfl-up output \(name)"
        thread.start()
    }

    /// Waits until the child's output reached EOF and was written out, or `timeout` passed
    /// (a grandchild that inherited the pipe can keep it open). Returns true at EOF.
    @discardableResult
    func waitUntilDrained(timeout: Duration) -> Bool {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        if finished.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success {
            finished.signal() // Leave it signalled: later waits return at once.
            return true
        }
        return false
    }

    /// Writes all of `text`, retrying short writes; a failing log (disk full) loses lines
    /// but never blocks or kills the launcher.
    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
