import Foundation
import SeedFLCore
import SeedFLWire

/// Feeds `Message.decode` generated frames and checks what a peer may rely on: decoding never
/// traps (a trap ends the process, which the caller sees), and whatever decodes re-encodes to
/// exactly the same bytes (the encoding is canonical, so a frame has one meaning).
///
/// Inputs, drawn from a seed (SplitMix64) in equal shares: random frames (half with a valid
/// header so the body parsers run), and mutations of valid encodings of every message type
/// (``WireCorpus``): one byte replaced, bit-flipped or set to 0x00/0xFF/0x7F/0x80;
/// 2-8 bytes replaced; 1-8 bytes inserted; 1-8 bytes deleted; truncation; a 32-bit field
/// that holds a small value (every count field is one) set to a huge or off-by-one value;
/// two frames spliced. Every input is decoded with the tight limits of a small run and with
/// the generous defaults, alternately.
public struct WireFuzzer: Sendable {
    /// The outcome counts of a fuzz run.
    public struct Report: Encodable, Sendable {
        /// Inputs decoded.
        public var iterations: Int
        /// The seed the inputs were drawn from.
        public var seed: UInt64
        /// Inputs that decoded (and re-encoded identically unless counted in ``nonCanonical``).
        public var accepted: Int
        /// Refused inputs by `WireError` case.
        public var rejected: [String: Int]
        /// Inputs by generation strategy.
        public var strategies: [String: Int]
        /// Decoded inputs whose re-encoding differs.
        public var nonCanonical: Int
        /// The first few of them, in hex.
        public var nonCanonicalExamples: [String]
        /// Corpus messages that do not decode from their own encoding (a corpus or codec bug).
        public var corpusInvalid: [String]
        /// Wall time of the decoding loop.
        public var seconds: Double
        /// ``iterations`` / ``seconds``.
        public var inputsPerSecond: Double
        /// No non-canonical decode and a valid corpus.
        public var passed: Bool { nonCanonical == 0 && corpusInvalid.isEmpty }

        enum CodingKeys: String, CodingKey {
            case iterations, seed, accepted, rejected, strategies, nonCanonical = "non_canonical"
            case nonCanonicalExamples = "non_canonical_examples", corpusInvalid = "corpus_invalid", seconds
            case inputsPerSecond = "inputs_per_second", passed
        }

        /// Encodes the stored fields plus ``passed``.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(iterations, forKey: .iterations)
            try c.encode(seed, forKey: .seed)
            try c.encode(accepted, forKey: .accepted)
            try c.encode(rejected, forKey: .rejected)
            try c.encode(strategies, forKey: .strategies)
            try c.encode(nonCanonical, forKey: .nonCanonical)
            try c.encode(nonCanonicalExamples, forKey: .nonCanonicalExamples)
            try c.encode(corpusInvalid, forKey: .corpusInvalid)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(inputsPerSecond, forKey: .inputsPerSecond)
            try c.encode(passed, forKey: .passed)
        }
    }

    /// The run-sized limits (bound to a run, so brief frames decode) and the defaults (no
    /// binding: brief frames are refused); inputs alternate between them.
    public static let limits: [DecodeLimits] = {
        var run = DecodeLimits.forRun(k: 2, p: 3, participants: 16, dimension: 64, historyRecords: 4, snapshotChunkBytes: 64)
        run.binding = binding
        return [run, .default]
    }()

    /// The run the bound limits describe.
    static let binding = RunBinding(runID: 7, k: 2, p: 3, mode: .seedScalars, roundTimeoutMilliseconds: 1000,
                                    seed: { $0 &* 0x9E37_79B9_7F4A_7C15 }, now: { 0 })

    /// Brief frames of the bound run: an open, a commit and a contribution.
    static var briefCorpus: [[UInt8]] {
        let scalars: [Float] = [1, -2, 0.5, 0, 3e-7, -1e4]
        return [
            Message.roundOpen(RoundOpen(runID: 7, round: 300, seed: binding.seed(300), k: 2, p: 3, participants: [1, 4, 15],
                                        deadlineUnixMilliseconds: 1000, baseSequence: 298, mode: .seedScalars)),
            .roundCommit(RoundCommit(sequence: 298, runID: 7, round: 300, seed: binding.seed(300), k: 2, p: 3,
                                     learningRate: 0.01, scalars: scalars, contributors: [1, 15], meanBaseLoss: 0.7)),
            .contribution(Contribution(runID: 7, round: 300, baseSequence: 298, trainerID: 15, nonce: 99, k: 2, p: 3,
                                       scalars: scalars, baseLoss: 0.7, exampleCount: 200)),
        ].compactMap { BriefCodec.encode($0, binding: binding) }
    }

    static func isBrief(_ frame: [UInt8]) -> Bool { frame.count > 3 && MessageType(rawValue: frame[3])?.isBrief == true }

    private static let strategyNames = ["random", "byte", "bytes", "insert", "delete", "truncate", "huge-count",
                                        "splice"]

    /// The seed of the corpus contents and of every generated input.
    public let seed: UInt64

    /// A fuzzer whose inputs are a function of `seed`.
    public init(seed: UInt64) { self.seed = seed }

    /// Decodes `iterations` generated inputs.
    public func run(iterations: Int) -> Report {
        let corpus = WireCorpus.messages(seed: seed).map { $0.encode() } + Self.briefCorpus
        var corpusInvalid: [String] = []
        for frame in corpus {
            for limits in Self.limits where limits.binding != nil || !Self.isBrief(frame) {
                do throws(WireError) { _ = try Message.decode(frame, limits: limits) } catch {
                    corpusInvalid.append("type \(frame.count > 3 ? frame[3] : 0): \(error)")
                }
            }
        }
        // 32-bit positions holding small values: every count field, and some others.
        let smallFields = corpus.map { frame in
            stride(from: 4, to: max(4, frame.count - 3), by: 1).filter { i in
                let value = UInt32(frame[i]) | UInt32(frame[i + 1]) << 8 | UInt32(frame[i + 2]) << 16 | UInt32(frame[i + 3]) << 24
                return value >= 1 && value <= 4_096
            }
        }

        var g = SplitMix64(seed, 0xF022)
        var report = Report(iterations: iterations, seed: seed, accepted: 0, rejected: [:], strategies: [:],
                            nonCanonical: 0, nonCanonicalExamples: [], corpusInvalid: corpusInvalid, seconds: 0,
                            inputsPerSecond: 0)
        var strategyCounts = [Int](repeating: 0, count: Self.strategyNames.count)
        var rejectedCounts: [String: Int] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        for i in 0..<iterations {
            let strategy = Int(g.next() % UInt64(Self.strategyNames.count))
            strategyCounts[strategy] += 1
            let pick = Int(g.next() % UInt64(corpus.count))
            let bytes = Self.input(strategy: strategy, frame: corpus[pick], smallFields: smallFields[pick],
                                   other: corpus[Int(g.next() % UInt64(corpus.count))], g: &g)
            do throws(WireError) {
                let message = try Message.decode(bytes, limits: Self.limits[i & 1])
                report.accepted += 1
                if message.encode(binding: Self.isBrief(bytes) ? Self.binding : nil) != bytes {
                    report.nonCanonical += 1
                    if report.nonCanonicalExamples.count < 5 {
                        report.nonCanonicalExamples.append(bytes.map { String(format: "%02x", $0) }.joined())
                    }
                }
            } catch {
                rejectedCounts[Self.kind(of: error), default: 0] += 1
            }
        }
        report.seconds = (clock.now - started).inSeconds
        report.inputsPerSecond = Double(iterations) / max(report.seconds, 1e-9)
        report.rejected = rejectedCounts
        report.strategies = Dictionary(uniqueKeysWithValues: zip(Self.strategyNames, strategyCounts))
        return report
    }

    /// The `WireError` case name (`truncated`, `countOutOfRange`, ...). Spelled out rather
    /// than read with `Mirror`, which cost four fifths of the fuzzer's time.
    static func kind(of error: WireError) -> String {
        switch error {
        case .frameTooLarge: "frameTooLarge"
        case .badMagic: "badMagic"
        case .unsupportedVersion: "unsupportedVersion"
        case .unknownType: "unknownType"
        case .truncated: "truncated"
        case .trailingBytes: "trailingBytes"
        case .countOutOfRange: "countOutOfRange"
        case .countMismatch: "countMismatch"
        case .nonFinite: "nonFinite"
        case .unknownEnumValue: "unknownEnumValue"
        case .invalidValue: "invalidValue"
        }
    }

    private static func input(strategy: Int, frame: [UInt8], smallFields: [Int], other: [UInt8],
                              g: inout SplitMix64) -> [UInt8] {
        func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(g.next() % UInt64(n)) }
        func byte() -> UInt8 { UInt8(truncatingIfNeeded: g.next()) }
        var bytes = frame
        switch strategy {
        case 0:
            bytes = (0..<below(160)).map { _ in byte() }
            if below(2) == 0, bytes.count >= 4 {
                bytes[0] = WireFormat.magic.0
                bytes[1] = WireFormat.magic.1
                bytes[2] = WireFormat.version
                bytes[3] = UInt8(truncatingIfNeeded: 1 + below(16))
            }
        case 1:
            let at = below(bytes.count)
            switch below(3) {
            case 0: bytes[at] = byte()
            case 1: bytes[at] ^= 1 << UInt8(below(8))
            default: bytes[at] = [0x00, 0xFF, 0x7F, 0x80][below(4)]
            }
        case 2:
            for _ in 0..<(2 + below(7)) { bytes[below(bytes.count)] = byte() }
        case 3:
            bytes.insert(contentsOf: (0..<(1 + below(8))).map { _ in byte() }, at: below(bytes.count + 1))
        case 4:
            let at = below(bytes.count)
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(8)))
        case 5:
            bytes.removeLast(1 + below(bytes.count))
        case 6:
            guard !smallFields.isEmpty else { break }
            let at = smallFields[below(smallFields.count)]
            let old = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            let huge: [UInt32] = [.max, 0x8000_0000, 0x7FFF_FFFF, 0x0100_0000, 0x10001, old &+ 1, old &- 1, 0]
            let value = huge[below(huge.count)]
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
        default:
            bytes = Array(bytes[..<below(bytes.count + 1)]) + Array(other[below(other.count)...])
        }
        return bytes
    }
}
