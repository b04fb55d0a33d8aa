import SeedFLCore

/// Which federated algorithm a run uses.
public enum Algorithm: String, Sendable, Codable, CaseIterable {
    /// Seeds and scalars on the wire; trainers replay the ledger (DeComFL).
    case decomfl
    /// ZO local steps, full trainable-vector upload and download (FedZO baseline).
    case fedzo
    /// MeZO two-point steps inside FedAvg, personalised rates (FedMeZO).
    case fedmezo

    /// True when trainers exchange whole trainable vectors instead of scalars.
    public var isDense: Bool { self != .decomfl }

    /// The estimator the algorithm's paper uses, when the run does not choose one.
    public var defaultEstimator: Estimator { self == .fedmezo ? .central : .forward }
}

/// Which model a run fine-tunes.
public struct ModelConfig: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Logistic regression on hashed bag-of-words features of the review sentences.
        case logreg
        /// The synthetic least-squares problem of any dimension.
        case synthetic
        /// SmolLM2-135M (GGUF) scoring prompts on verbalizer tokens, MeZO-style.
        case smollm
    }
    public var kind: Kind
    /// Hashed feature slots of `logreg`.
    public var buckets: Int
    /// Dimension `d` of `synthetic`.
    public var dimension: Int
    /// Training examples of `synthetic`.
    public var examples: Int

    /// `smollm`: the language model's own settings.
    public var language: LanguageModelConfig

    public init(kind: Kind = .logreg, buckets: Int = 512, dimension: Int = 1000, examples: Int = 2000,
                language: LanguageModelConfig = .init()) {
        self.kind = kind
        self.buckets = buckets
        self.dimension = dimension
        self.examples = examples
        self.language = language
    }
}

/// Settings of the `smollm` model kind (see docs/language-model.md for the defaults' reasons).
public struct LanguageModelConfig: Hashable, Sendable, Codable {
    /// GGUF file; empty: `<assets>/models/SmolLM2-135M-Instruct.Q4_1.gguf`.
    public var path: String
    /// `lora`, `norms`, `ia3` or `full` (every weight: DeComFL's setting).
    public var trainable: String
    public var loraRank: Int
    public var loraAlpha: Float
    /// LoRA target projections among q, k, v, o, gate, up, down.
    public var loraTargets: [String]
    /// Prompt with one `<sentence>` placeholder.
    public var template: String
    /// One single-token verbalizer per class, negative first.
    public var verbalizers: [String]
    /// Longest prompt in tokens.
    public var maxTokens: Int
    /// Examples per forward pass.
    public var forwardBatch: Int
    /// OpenBLAS threads per process (trainers share the cores: 1).
    public var blasThreads: Int
    /// Train only the top this-many blocks (see `LanguageModelOptions.trainableBlocks`); nil: all.
    public var trainableBlocks: Int?
    /// Keep the frozen blocks' output per example (same bits either way; off saves memory and
    /// costs time).
    public var prefixCache: Bool
    /// The trainable dimension d the settings above give (YAML `model.parameters`), declared so
    /// that the roles that never build the model (broker, aggregators, forwarder) can size a
    /// dense algorithm's frames without reading the GGUF. Every role that builds the model
    /// checks it. nil: not declared (those roles then read the GGUF to learn d).
    public var parameters: Int? = nil

    /// The defaults are the main job's model settings (`Topologies/local.yaml`), the best
    /// measured on the validation split (docs/benchmarks.md): the top 2 blocks' norms and the
    /// final norm, the "Review: <sentence> Sentiment:" prompt scored on " negative" /
    /// " positive", 16 examples per pass. `Topologies/local-mezo.yaml` spells out MeZO's.
    public init(path: String = "", trainable: String = "norms", loraRank: Int = 8, loraAlpha: Float = 16,
                loraTargets: [String] = ["q", "v"], template: String = "Review: <sentence> Sentiment:",
                verbalizers: [String] = [" negative", " positive"], maxTokens: Int = 128, forwardBatch: Int = 16,
                blasThreads: Int = 1, trainableBlocks: Int? = 2, prefixCache: Bool = true) {
        self.path = path
        self.prefixCache = prefixCache
        self.trainableBlocks = trainableBlocks
        self.trainable = trainable
        self.loraRank = loraRank
        self.loraAlpha = loraAlpha
        self.loraTargets = loraTargets
        self.template = template
        self.verbalizers = verbalizers
        self.maxTokens = maxTokens
        self.forwardBatch = forwardBatch
        self.blasThreads = blasThreads
    }
}

/// Where the examples come from and how they are dealt to trainers.
public struct DataConfig: Hashable, Sendable, Codable {
    /// Path of the movie-review file, relative to the working directory or absolute.
    /// Empty: `$SEEDFL_ASSETS/data/...` or `assets/data/...`.
    public var path: String
    /// Held-out test examples (stratified). Never used to choose anything.
    public var testSize: Int
    /// Validation examples, held out (stratified) from what the test split leaves: the
    /// evaluator scores them to choose the checkpoint. 0: no validation split (the last round
    /// is the selected model).
    public var validationSize: Int
    /// Partitioner spec: `iid`, `dirichlet:<alpha>` or `label`.
    public var partitioner: String
    /// Keep at most this many training examples (0: all). Small runs and tests use it.
    public var trainLimit: Int

    public init(path: String = "", testSize: Int = 1000, validationSize: Int = 0, partitioner: String = "dirichlet:1",
                trainLimit: Int = 0) {
        self.path = path
        self.testSize = testSize
        self.validationSize = validationSize
        self.partitioner = partitioner
        self.trainLimit = trainLimit
    }
}

/// Everything that determines what a run computes. Two processes with equal `RunConfig`s,
/// the same base model and the same ledger hold the same model bits.
public struct RunConfig: Hashable, Sendable, Codable {
    public var algorithm: Algorithm
    public var model: ModelConfig
    public var data: DataConfig
    /// Trainers M.
    public var clients: Int
    /// Trainers sampled per round m.
    public var sample: Int
    /// Rounds R.
    public var rounds: Int
    /// The run seed: round seeds, sampling, partitioning and batches all derive from it.
    public var seed: UInt64
    public var zo: ZOConfig
    public var aggregation: AggregationRule
    public var personalization: PersonalizedRate
    /// Largest magnitude a contributed value may have (0: no bound). Aggregators drop a
    /// contribution with any value beyond it (`out-of-bounds`), and so does `simulate`: a
    /// Byzantine defence that needs no other trainer's values.
    public var scalarBound: Float = 0
    /// Rounds of evidence after which aggregators (and `simulate`) leave out the values of a
    /// trainer that persistently disagrees with the combined result (``AgreementScreen``;
    /// YAML `run.screen_after`; 0: no screen). A Byzantine defence against what no single
    /// round can show, such as flipped signs.
    public var screenAfter: Int = 0
    /// Whether trainers shift every round seed with a secret only they hold (DeComFL
    /// appendix A.3; YAML `run.seed_shift: private`). Public: the switch is part of the run's
    /// identity and of the ledger's replay settings; the secret is neither.
    public var privateSeedShift: Bool
    /// The secret of the private seed shift, for the processes that replay the model
    /// (trainers, evaluator, `simulate`, `verify`, `export`). Never encoded, so it is in no
    /// identity, ledger or run file; a topology cannot hold it (see ``SeedSecretFile``). Empty
    /// until loaded.
    public var seedSecret: String = ""
    /// Evaluate every this many rounds (0: only at start and end): `simulate` scores the test
    /// split; `up` runs an evaluator that scores the validation split (and the test split, for
    /// plots only).
    public var evalEvery: Int
    /// How the learning rate changes with the ledger position (`zo.lr` is its base).
    public var schedule: LearningRateSchedule

    public init(algorithm: Algorithm = .decomfl, model: ModelConfig = .init(), data: DataConfig = .init(),
                clients: Int = 8, sample: Int = 2, rounds: Int = 5000, seed: UInt64 = 1,
                zo: ZOConfig = RunConfig.defaultZO, aggregation: AggregationRule = .mean,
                personalization: PersonalizedRate = .init(), privateSeedShift: Bool = false, seedSecret: String = "",
                evalEvery: Int = 10,
                schedule: LearningRateSchedule = .init()) {
        self.schedule = schedule
        self.algorithm = algorithm
        self.model = model
        self.data = data
        self.clients = clients
        self.sample = sample
        self.rounds = rounds
        self.seed = seed
        self.zo = zo
        self.aggregation = aggregation
        self.personalization = personalization
        self.privateSeedShift = privateSeedShift
        self.seedSecret = seedSecret
        self.evalEvery = evalEvery
    }

    /// Every stored property but ``seedSecret``: what the identity hashes and what encodes.
    enum CodingKeys: String, CodingKey {
        case algorithm, model, data, clients, sample, rounds, seed, zo, aggregation, personalization
        case privateSeedShift, evalEvery, schedule, scalarBound, screenAfter
    }

    /// A fresh agreement screen for this run, or nil when ``screenAfter`` is 0.
    public func makeScreen() -> AgreementScreen? {
        screenAfter > 0 ? AgreementScreen(minimumRounds: screenAfter) : nil
    }

    /// Whether every value is within ``scalarBound`` (always, when there is none).
    public func withinScalarBound(_ values: [Float]) -> Bool {
        scalarBound == 0 || values.allSatisfy { abs($0) <= scalarBound }
    }

    /// Defaults tuned for the default model (logistic regression, d = 512): the stable
    /// ZO-SGD step is about `P / (L * (d + P))` with curvature `L` ~ 0.03 for unit-norm
    /// features, i.e. ~0.3 for P = 5; at that edge the loss is noisy, so the default is a
    /// third of it (measured: 10,000 rounds give test loss 0.659 at 0.1, 0.668 at 0.2, 0.728 at 0.5).
    public static let defaultZO = ZOConfig(steps: 1, perturbations: 5, mu: 1e-3, learningRate: 0.1,
                                           estimator: .forward, batchSize: 32)

    /// The global learning rate of the round committed at `sequence` (what the broker writes
    /// into the ledger).
    public func learningRate(sequence: UInt64) -> Float {
        schedule.rate(base: zo.learningRate, sequence: sequence, rounds: rounds)
    }

    /// The seed shift a replaying process applies: none for `seed_shift: none`, else keyed by
    /// ``seedSecret``, loaded from ``SeedSecretFile`` when not set yet.
    /// - Throws: ``ConfigError`` (`run.seed_shift`) when the run is private and no secret is
    ///   available or readable here.
    public func seedShift() throws(ConfigError) -> SeedShift {
        guard privateSeedShift else { return .none }
        return SeedShift(secret: seedSecret.isEmpty ? try SeedSecretFile.load() : seedSecret)
    }

    /// Checks the cross-field rules; the error names the offending field.
    public func validate() throws(ConfigError) {
        func fail(_ field: String, _ why: String) -> ConfigError { ConfigError(file: nil, field: field, message: why) }
        if clients < 1 { throw fail("run.clients", "must be at least 1 (got \(clients))") }
        if !(scalarBound >= 0) || !scalarBound.isFinite {
            throw fail("run.scalar_bound", "must be 0 (no bound) or a finite positive number (got \(scalarBound))")
        }
        if screenAfter < 0 || screenAfter > 1_000_000 {
            throw fail("run.screen_after", "must be 0 (no screen) or a number of rounds up to 1000000 (got \(screenAfter))")
        }
        if sample < 1 || sample > clients { throw fail("run.sample", "must be in 1...clients (\(clients)), got \(sample)") }
        if rounds < 0 { throw fail("run.rounds", "must be >= 0 (got \(rounds))") }
        if zo.steps < 1 || zo.steps > 1000 { throw fail("run.zo.local_steps", "must be in 1...1000 (got \(zo.steps))") }
        if zo.perturbations < 1 || zo.perturbations > 1000 {
            throw fail("run.zo.perturbations", "must be in 1...1000 (got \(zo.perturbations))")
        }
        if !(zo.mu > 0) || !zo.mu.isFinite { throw fail("run.zo.mu", "must be a positive number (got \(zo.mu))") }
        if !(zo.learningRate > 0) || !zo.learningRate.isFinite {
            throw fail("run.zo.lr", "must be a positive number (got \(zo.learningRate))")
        }
        if zo.batchSize < 1 { throw fail("run.zo.batch_size", "must be at least 1 (got \(zo.batchSize))") }
        if !(zo.optimizer.momentum >= 0 && zo.optimizer.momentum < 1) {
            throw fail("run.zo.momentum", "must be in [0, 1) (got \(zo.optimizer.momentum))")
        }
        if !(zo.optimizer.weightDecay >= 0) || !zo.optimizer.weightDecay.isFinite {
            throw fail("run.zo.weight_decay", "must be >= 0 (got \(zo.optimizer.weightDecay))")
        }
        if let pool = zo.optimizer.seedPool {
            if pool < 1 || pool > 1 << 20 { throw fail("run.zo.seed_pool", "must be a pool size in 1...1048576 (got \(pool))") }
            if algorithm.isDense {
                throw fail("run.zo.seed_pool", "\(algorithm.rawValue) sends dense vectors; a seed pool is for seed-and-scalar algorithms")
            }
            if zo.optimizer.momentum != 0 || zo.optimizer.weightDecay != 0 {
                throw fail("run.zo.seed_pool", "needs plain SGD (momentum and weight_decay 0): only then is the model "
                           + "the base minus one coefficient per pooled direction")
            }
        }
        if algorithm.isDense && zo.optimizer.momentum != 0 {
            throw fail("run.zo.momentum", "momentum is only replayed for decomfl; \(algorithm.rawValue) restarts local optimisers")
        }
        if !(personalization.maxFactor >= 1) || !personalization.maxFactor.isFinite {
            throw fail("run.personalization.max_factor", "must be >= 1 (got \(personalization.maxFactor))")
        }
        if evalEvery < 0 { throw fail("run.eval_every", "must be >= 0 (got \(evalEvery))") }
        if schedule.warmupRounds < 0 { throw fail("run.zo.warmup_rounds", "must be >= 0 (got \(schedule.warmupRounds))") }
        if !(0...1).contains(schedule.finalFraction) {
            throw fail("run.zo.final_lr_fraction", "must be in [0, 1] (got \(schedule.finalFraction))")
        }
        if model.kind == .logreg && model.buckets < 1 { throw fail("run.model.buckets", "must be at least 1") }
        if model.kind == .smollm {
            let l = model.language
            if !["lora", "norms", "ia3", "full"].contains(l.trainable) {
                throw fail("run.model.trainable", "expected lora, norms, ia3 or full (got '\(l.trainable)')")
            }
            if l.loraRank < 1 { throw fail("run.model.lora_rank", "must be at least 1") }
            if !(l.loraAlpha > 0) { throw fail("run.model.lora_alpha", "must be positive") }
            let targets = ["q", "k", "v", "o", "gate", "up", "down"]
            if l.loraTargets.isEmpty || l.loraTargets.contains(where: { !targets.contains($0) }) {
                throw fail("run.model.lora_targets", "expected a non-empty list of \(targets.joined(separator: ", "))")
            }
            if l.template.components(separatedBy: "<sentence>").count != 2 {
                throw fail("run.model.template", "must contain <sentence> exactly once")
            }
            if l.verbalizers.count != 2 { throw fail("run.model.verbalizers", "expected two verbalizers (negative, positive)") }
            if l.maxTokens < 8 { throw fail("run.model.max_tokens", "must be at least 8") }
            if l.forwardBatch < 1 { throw fail("run.model.forward_batch", "must be at least 1") }
            if !(1...64).contains(l.blasThreads) { throw fail("run.model.blas_threads", "must be in 1...64") }
            if let blocks = l.trainableBlocks, blocks < 0 {
                throw fail("run.model.trainable_blocks", "must be 'all' or a count >= 0 (got \(blocks))")
            }
        }
        if model.kind == .synthetic {
            if model.dimension < 1 { throw fail("run.model.dimension", "must be at least 1 (got \(model.dimension))") }
            if model.examples < 1 { throw fail("run.model.examples", "must be at least 1 (got \(model.examples))") }
        }
        if data.testSize < 1 { throw fail("run.data.test_size", "must be at least 1 (got \(data.testSize))") }
        if data.trainLimit < 0 { throw fail("run.data.train_limit", "must be >= 0 (got \(data.trainLimit))") }
        if data.validationSize < 0 {
            throw fail("run.data.validation_size", "must be >= 0 (got \(data.validationSize))")
        }
    }
}

/// A configuration error: which file, which field, and what is wrong with it.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String?
    public var field: String
    public var message: String

    public init(file: String?, field: String, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file.map { "\($0): " } ?? "")field '\(field)': \(message)"
    }
}
