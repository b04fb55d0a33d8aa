import SeedFLNode
/// Cuts a byte stream into lines (without their `\n`), however the bytes arrive.
///
/// A line longer than ``maximumLineBytes`` is emitted in pieces of that size, so a child
/// that prints without newlines cannot make the launcher buffer without bound.
struct LineSplitter {
    /// 64 KiB: far beyond any log line the roles print, small enough to never matter for memory.
    static let maximumLineBytes = 1 << 16

    private var pending: [UInt8] = []

    /// Appends `bytes` and returns every line they complete.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(take())
            } else {
                pending.append(byte)
                if pending.count >= Self.maximumLineBytes { lines.append(take()) }
            }
        }
        return lines
    }

    /// The unterminated rest at end of stream, if any.
    mutating func finish() -> String? { pending.isEmpty ? nil : take() }

    private mutating func take() -> String {
        var bytes = pending
        pending.removeAll(keepingCapacity: true)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
