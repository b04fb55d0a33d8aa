import Crypto
import Foundation
import SeedFLCore
import SeedFLStore

/// Every value a replayer needs besides the rounds themselves, stored in the ledger's `meta`
/// table under `replay_settings` (docs/determinism.md, section 11).
///
/// With these settings, the base model they name and the committed rounds, any process (or
/// any re-implementation) rebuilds the trained model bit for bit without the topology file.
/// The seed secret itself is never stored: only whether the rounds were perturbed along
/// shifted seeds, so a replayer knows it must be given the secret.
public struct ReplaySettings: Codable, Equatable, Sendable {
    /// Version of this record's layout.
    public var format = "seedfl-replay-1"
    /// `decomfl`, `fedzo` or `fedmezo` (dense algorithms commit deltas; see `dense`).
    public var algorithm: String
    /// `forward` or `central`: how trainers estimated their scalars (not needed to replay,
    /// needed to reproduce a contribution).
    public var estimator: String
    /// Local steps K and perturbations P of every round (each round also carries both).
    public var steps: Int
    public var perturbations: Int
    /// Smoothing mu (for reproducing contributions; replay does not use it).
    public var mu: Float
    /// Optimiser of the update rule: momentum `beta` and weight decay `lambda`, as numbers
    /// and as IEEE-754 binary32 bits (8 lowercase hex digits).
    public var momentum: Float
    public var momentumBits: String
    public var weightDecay: Float
    public var weightDecayBits: String
    /// `none` or `hmac-sha256` (docs/algorithms.md, "Private seed shift").
    public var seedShift: String
    /// The seed pool's size when the run has one (docs/determinism.md, section 11.3: the
    /// model is then rebuilt from per-direction coefficients); absent otherwise.
    public var seedPool: Int?
    /// What the trainable parameter vector is, and where its initial values come from.
    public var model: Model

    /// The base model and the trainable layout over it.
    public struct Model: Codable, Equatable, Sendable {
        /// `synthetic`, `logreg` or `smollm`.
        public var kind: String
        /// `zeros` (synthetic, logreg: the initial vector is `dimension` zeros) or `gguf`
        /// (smollm: the trainable tensors' values in the GGUF file named by `fileSHA256`).
        public var initialParameters: String
        /// Trainable dimension d for the reference models; nil for the language model, whose
        /// d follows from the file and the layout below.
        public var dimension: Int?
        /// SHA-256 (lowercase hex) of the GGUF file; nil for the reference models.
        public var fileSHA256: String?
        /// Trainable set (`full`, `norms`, `ia3`, `lora`), the number of top blocks it covers
        /// (nil: all), and the LoRA shape when the set is `lora` (docs/language-model.md).
        public var trainable: String?
        public var trainableBlocks: Int?
        public var loraRank: Int?
        public var loraAlpha: Float?
        public var loraTargets: [String]?
        /// LoRA's B matrices start at zero and its A matrices are drawn from the run seed.
        public var loraSeed: UInt64?

        enum CodingKeys: String, CodingKey {
            case kind, initialParameters = "initial_parameters", dimension, fileSHA256 = "file_sha256"
            case trainable, trainableBlocks = "trainable_blocks", loraRank = "lora_rank"
            case loraAlpha = "lora_alpha", loraTargets = "lora_targets", loraSeed = "lora_seed"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, algorithm, estimator, steps, perturbations, mu, momentum
        case momentumBits = "momentum_bits", weightDecay = "weight_decay", weightDecayBits = "weight_decay_bits"
        case seedShift = "seed_shift", seedPool = "seed_pool", model
    }

    /// The settings of `run`; for the language model, `fileSHA256` is the hash of its GGUF.
    public init(run: RunConfig, fileSHA256: String? = nil) {
        algorithm = run.algorithm.rawValue
        estimator = run.zo.estimator.rawValue
        steps = run.zo.steps
        perturbations = run.zo.perturbations
        mu = run.zo.mu
        momentum = run.zo.optimizer.momentum
        momentumBits = RoundJSON.hex(momentum)
        weightDecay = run.zo.optimizer.weightDecay
        weightDecayBits = RoundJSON.hex(weightDecay)
        seedShift = run.privateSeedShift ? "hmac-sha256" : "none"
        seedPool = run.zo.optimizer.seedPool
        switch run.model.kind {
        case .synthetic:
            model = Model(kind: "synthetic", initialParameters: "zeros", dimension: run.model.dimension)
        case .logreg:
            model = Model(kind: "logreg", initialParameters: "zeros", dimension: run.model.buckets)
        case .smollm:
            let l = run.model.language
            let lora = l.trainable == "lora"
            model = Model(kind: "smollm", initialParameters: "gguf", fileSHA256: fileSHA256,
                          trainable: l.trainable, trainableBlocks: l.trainableBlocks,
                          loraRank: lora ? l.loraRank : nil, loraAlpha: lora ? l.loraAlpha : nil,
                          loraTargets: lora ? l.loraTargets : nil, loraSeed: lora ? run.seed : nil)
        }
    }

    /// The settings of `run`, hashing the language model's GGUF file when the run uses one.
    ///
    /// - Throws: ``ReplaySettingsError`` naming the file when the model cannot be read.
    public static func of(_ run: RunConfig) throws -> ReplaySettings {
        guard run.model.kind == .smollm else { return ReplaySettings(run: run) }
        let path = Assets.path(ModelFactory.languageModelAsset, explicit: run.model.language.path)
        return ReplaySettings(run: run, fileSHA256: try fileSHA256(path))
    }

    /// Canonical JSON (sorted keys), the exact text stored in the ledger.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A value type of strings and numbers always encodes.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// SHA-256 of a file, read in 1 MiB pieces (the 100 MB model never sits in memory twice).
    static func fileSHA256(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReplaySettingsError(path: path, message: "cannot open the base model to stamp the ledger with its hash")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
        } catch {
            throw ReplaySettingsError(path: path, message: "cannot read the base model: \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// The base model named by a run could not be hashed.
public struct ReplaySettingsError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
