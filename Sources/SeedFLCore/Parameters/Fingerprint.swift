import Crypto

/// SHA-256 over the trainable parameters' IEEE-754 binary32 bits, little-endian, in
/// canonical order, rendered as lowercase hex. Two processes hold the same model exactly
/// when their fingerprints match (the "one model, everywhere" invariant).
public enum Fingerprint {
    /// The fingerprint of `parameters` (and, when given, the optimiser state that is
    /// replayed with them, appended after the parameters).
    public static func of(_ parameters: [Float], state: [Float] = []) -> String {
        var hasher = SHA256()
        feed(parameters, into: &hasher)
        if !state.isEmpty { feed(state, into: &hasher) }
        return hasher.finalize().map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    private static func feed(_ values: [Float], into hasher: inout SHA256) {
        // Hash in bounded chunks of explicitly little-endian words so the result does not
        // depend on the host's byte order.
        let chunk = 1 << 14
        var buffer = [UInt32](repeating: 0, count: chunk)
        var i = 0
        while i < values.count {
            let n = min(chunk, values.count - i)
            for j in 0..<n { buffer[j] = values[i + j].bitPattern.littleEndian }
            buffer.withUnsafeBytes { raw in hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[0..<(n * 4)])) }
            i += n
        }
    }
}
