/// GPT-2's reversible mapping between bytes and printable Unicode scalars.
///
/// Byte-level BPE vocabularies are written in this alphabet so that every
/// token is printable: the bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` stand for
/// themselves, and the other 68 bytes (controls, space, DEL, NBSP, soft hyphen)
/// are shifted to U+0100 and up in increasing byte order. A space is therefore
/// `Ġ` (U+0120) and a newline `Ċ` (U+010A).
enum ByteLevelAlphabet {
    /// `scalarForByte[b]` is the symbol that stands for byte `b`.
    static let scalarForByte: [Unicode.Scalar] = {
        var table: [Unicode.Scalar] = []
        table.reserveCapacity(256)
        var shifted: UInt32 = 256
        for byte in 0 ..< 256 {
            if standsForItself(UInt8(byte)) {
                table.append(Unicode.Scalar(UInt8(byte)))
            } else {
                // Every value 256...323 is a valid scalar (well below the surrogates).
                table.append(Unicode.Scalar(shifted) ?? "?")
                shifted += 1
            }
        }
        return table
    }()

    /// The inverse map: symbol scalar value to byte.
    static let byteForScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() {
            map[scalar.value] = UInt8(byte)
        }
        return map
    }()

    private static func standsForItself(_ byte: UInt8) -> Bool {
        (0x21 ... 0x7E).contains(byte) || (0xA1 ... 0xAC).contains(byte) || (0xAE ... 0xFF).contains(byte)
    }

    /// The one-symbol string for `byte`.
    static func symbol(for byte: UInt8) -> String {
        String(Character(scalarForByte[Int(byte)]))
    }

    /// The bytes a vocabulary string stands for. A scalar outside the
    /// alphabet (which a well-formed byte-level vocabulary never contains)
    /// contributes its own UTF-8 encoding, so decoding never loses text.
    static func bytes(of token: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            if let byte = byteForScalar[scalar.value] {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        return bytes
    }
}
