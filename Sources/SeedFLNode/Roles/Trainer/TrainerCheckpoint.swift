import Foundation
import SeedFLCore

/// A trainer's local checkpoint: the parameters and optimiser state at an applied
/// sequence number, so a restart replays only the ledger's tail.
///
/// Layout (little-endian): magic `SFCK`, version u32 = 1, sequence u64, dimension u64,
/// momentum length u64, run fingerprint (64 ASCII hex bytes), model fingerprint (64 ASCII
/// hex bytes), parameters f32[dimension], momentum f32[momentum length]. Loading checks the
/// run, the sizes and recomputes the model fingerprint: a stale, foreign or torn file is
/// refused and the trainer replays from the base model instead.
public struct TrainerCheckpoint {
    public var sequence: UInt64
    public var parameters: [Float]
    public var momentum: [Float]

    public struct Invalid: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "checkpoint refused: \(reason)" }
    }

    static let magic: [UInt8] = Array("SFCK".utf8)

    /// Writes atomically (temp file + rename).
    public static func write(_ state: ReplayState, runFingerprint: String, to path: String) throws {
        var bytes: [UInt8] = magic
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        put(UInt32(1))
        put(state.appliedSequence)
        put(UInt64(state.parameters.count))
        put(UInt64(state.momentum.count))
        bytes.append(contentsOf: Array(runFingerprint.utf8.prefix(64)).padded(to: 64))
        bytes.append(contentsOf: Array(state.fingerprint.utf8).padded(to: 64))
        bytes.reserveCapacity(bytes.count + 4 * (state.parameters.count + state.momentum.count))
        for v in state.parameters { put(v.bitPattern) }
        for v in state.momentum { put(v.bitPattern) }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = path + ".\(getpid()).tmp"
        try Data(bytes).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, path) == 0 else { throw Invalid(reason: "cannot rename \(temp) to \(path)") }
    }

    /// Reads and verifies a checkpoint for a model of `dimension` with `momentumLength`.
    public static func read(from path: String, runFingerprint: String, dimension: Int,
                            momentumLength: Int) throws -> TrainerCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(reason: "no file at \(path)") }
        let bytes = [UInt8](data)
        let header = 4 + 4 + 8 + 8 + 8 + 64 + 64
        guard bytes.count >= header, Array(bytes[0..<4]) == magic else { throw Invalid(reason: "not a checkpoint") }
        func u64(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func u32(_ at: Int) -> UInt32 { bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        guard u32(4) == 1 else { throw Invalid(reason: "unsupported version \(u32(4))") }
        let sequence = u64(8)
        guard u64(16) == UInt64(dimension), u64(24) == UInt64(momentumLength) else {
            throw Invalid(reason: "sizes \(u64(16))/\(u64(24)) do not match the model (\(dimension)/\(momentumLength))")
        }
        guard String(decoding: bytes[32..<96], as: UTF8.self) == String(decoding: Array(runFingerprint.utf8.prefix(64)).padded(to: 64), as: UTF8.self) else {
            throw Invalid(reason: "written by another run")
        }
        let expected = String(decoding: bytes[96..<160], as: UTF8.self)
        guard bytes.count == header + 4 * (dimension + momentumLength) else { throw Invalid(reason: "truncated") }
        var floats = [Float](repeating: 0, count: dimension + momentumLength)
        for i in floats.indices { floats[i] = Float(bitPattern: u32(header + 4 * i)) }
        let parameters = Array(floats[0..<dimension])
        let momentum = Array(floats[dimension...])
        guard Fingerprint.of(parameters, state: momentum) == expected else { throw Invalid(reason: "fingerprint mismatch") }
        return TrainerCheckpoint(sequence: sequence, parameters: parameters, momentum: momentum)
    }
}

extension Array where Element == UInt8 {
    fileprivate func padded(to n: Int) -> [UInt8] { count >= n ? Array(prefix(n)) : self + [UInt8](repeating: 0x20, count: n - count) }
}
