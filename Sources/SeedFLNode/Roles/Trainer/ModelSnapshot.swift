import SeedFLCore

/// The model at an applied sequence number, as bytes: the one format shared by a trainer's
/// checkpoint file and the snapshots a broker stores in its ledger and serves to trainers
/// that lag too far to replay history (DeComFL appendix A.3).
///
/// Layout (little-endian): magic `SFCK`, version u32 = 1, sequence u64, dimension u64,
/// momentum length u64, run fingerprint (64 ASCII bytes, space-padded), model fingerprint
/// (64 ASCII hex bytes), parameters f32[dimension], momentum f32[momentum length].
///
/// Decoding checks the run, the sizes and recomputes the model fingerprint: a stale,
/// foreign, torn or damaged snapshot is refused with ``Invalid`` naming why.
public struct ModelSnapshot: Sendable, Equatable {
    /// The last ledger sequence number applied to ``parameters``.
    public var sequence: UInt64
    /// The trainable parameters.
    public var parameters: [Float]
    /// The optimiser state replayed with them (empty for plain SGD).
    public var momentum: [Float]

    /// Why bytes were refused as a snapshot.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What failed, in words.
        public var reason: String
        /// `snapshot refused: <reason>`.
        public var description: String { "snapshot refused: \(reason)" }
    }

    static let magic: [UInt8] = Array("SFCK".utf8)
    /// Bytes before the parameters.
    public static let headerSize = 4 + 4 + 8 + 8 + 8 + 64 + 64

    /// The size of a snapshot of `dimension` parameters and `momentumLength` state values.
    public static func size(dimension: Int, momentumLength: Int) -> Int {
        headerSize + 4 * (dimension + momentumLength)
    }

    /// Serialises `state`. Returns the bytes and the model fingerprint they embed (the
    /// SHA-256 that ``ReplayState/fingerprint`` reports), computed once here because it
    /// costs a pass over the whole model.
    public static func encode(_ state: ReplayState, runFingerprint: String) -> (bytes: [UInt8], fingerprint: String) {
        let fingerprint = state.fingerprint
        var bytes: [UInt8] = magic
        bytes.reserveCapacity(size(dimension: state.parameters.count, momentumLength: state.momentum.count))
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        put(UInt32(1))
        put(state.appliedSequence)
        put(UInt64(state.parameters.count))
        put(UInt64(state.momentum.count))
        bytes.append(contentsOf: padded(Array(runFingerprint.utf8)))
        bytes.append(contentsOf: padded(Array(fingerprint.utf8)))
        append(state.parameters, to: &bytes)
        append(state.momentum, to: &bytes)
        return (bytes, fingerprint)
    }

    /// Parses and verifies `bytes` as a snapshot of this run for a model of `dimension`
    /// parameters with `momentumLength` optimiser values.
    /// - Returns: the snapshot and the model fingerprint, recomputed (it equals the
    ///   embedded one, or this throws).
    /// - Throws: ``Invalid`` for a foreign, torn, mis-sized or damaged snapshot.
    public static func decode(_ bytes: [UInt8], runFingerprint: String, dimension: Int,
                              momentumLength: Int) throws(Invalid) -> (snapshot: ModelSnapshot, fingerprint: String) {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else { throw Invalid(reason: "not a snapshot") }
        func u64(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func u32(_ at: Int) -> UInt32 { bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        guard u32(4) == 1 else { throw Invalid(reason: "unsupported version \(u32(4))") }
        let sequence = u64(8)
        guard u64(16) == UInt64(dimension), u64(24) == UInt64(momentumLength) else {
            throw Invalid(reason: "sizes \(u64(16))/\(u64(24)) do not match the model (\(dimension)/\(momentumLength))")
        }
        guard Array(bytes[32..<96]) == padded(Array(runFingerprint.utf8)) else { throw Invalid(reason: "written by another run") }
        guard bytes.count == size(dimension: dimension, momentumLength: momentumLength) else {
            throw Invalid(reason: "\(bytes.count) bytes, expected \(size(dimension: dimension, momentumLength: momentumLength))")
        }
        let expected = String(decoding: bytes[96..<160], as: UTF8.self)
        let parameters = floats(bytes, from: headerSize, count: dimension)
        let momentum = floats(bytes, from: headerSize + 4 * dimension, count: momentumLength)
        let actual = Fingerprint.of(parameters, state: momentum)
        guard actual == expected else { throw Invalid(reason: "fingerprint mismatch") }
        return (ModelSnapshot(sequence: sequence, parameters: parameters, momentum: momentum), actual)
    }

    /// The replay state this snapshot holds, ready to apply the rounds after ``sequence``.
    public func replayState(optimizer: OptimizerConfig, seedShift: SeedShift) -> ReplayState {
        ReplayState(base: parameters, optimizer: optimizer, seedShift: seedShift, momentum: momentum,
                    appliedSequence: sequence)
    }

    /// 64 bytes: longer strings are cut, shorter ones padded with spaces (run fingerprints
    /// are 64 hex digits; the padding only matters for tests' short names).
    private static func padded(_ text: [UInt8]) -> [UInt8] {
        text.count >= 64 ? Array(text.prefix(64)) : text + [UInt8](repeating: 0x20, count: 64 - text.count)
    }

    /// Appends floats as little-endian binary32: one block copy on little-endian hosts,
    /// which matters for a 135M-parameter model (540 MB).
    private static func append(_ values: [Float], to bytes: inout [UInt8]) {
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        #endif
    }

    /// Reads `count` little-endian binary32 values at `start`; the caller checked the size.
    private static func floats(_ bytes: [UInt8], from start: Int, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i,
                                                                                     as: UInt32.self)))
                }
            }
            initialized = count
        }
    }
}
