/// Which parameters of the language model zeroth-order training moves.
public enum TrainableTensors: Sendable, Hashable {
    /// Every tensor of the model, in the engine's canonical order (DeComFL's setting:
    /// d = 134 515 008 for SmolLM2-135M).
    case full
    /// The RMSNorm weights only (attention norm and FFN norm of every block, and the final
    /// norm): d = 61 × 576 = 35 136 for SmolLM2-135M.
    case norms
    /// Low-rank adapters on the chosen projections; the base weights stay frozen.
    case lora(LoRAOptions)
    /// (IA)^3 (Liu et al. 2022): a learned scale per output feature of the key, value and FFN
    /// up projections of every block (`k = l_k ⊙ W_k h`, `v = l_v ⊙ W_v h`,
    /// `silu(g) ⊙ (l_ff ⊙ W_up h)`), initialised to 1, with the final norm; the base weights
    /// stay frozen. d = 30 × 1,920 + 576 = 58,176 for SmolLM2-135M (3,840 + 576 for the top
    /// two blocks).
    case ia3

    /// A short, stable name for logs and export metadata: `full`, `norms` or `lora`.
    public var name: String {
        switch self {
        case .full: return "full"
        case .norms: return "norms"
        case .lora: return "lora"
        case .ia3: return "ia3"
        }
    }
}

/// A projection of a transformer block that LoRA can adapt.
public enum LoRATarget: String, Sendable, Hashable, CaseIterable, Codable {
    case q, k, v, o, gate, up, down

    /// The engine tensor the adapter attaches to.
    public var role: LlamaTensor.Role {
        switch self {
        case .q: return .query
        case .k: return .key
        case .v: return .value
        case .o: return .attentionOutput
        case .gate: return .gate
        case .up: return .up
        case .down: return .down
        }
    }

    /// The Hugging Face / PEFT module name (`q_proj`, ..., `down_proj`).
    public var moduleName: String {
        switch self {
        case .q: return "q_proj"
        case .k: return "k_proj"
        case .v: return "v_proj"
        case .o: return "o_proj"
        case .gate: return "gate_proj"
        case .up: return "up_proj"
        case .down: return "down_proj"
        }
    }
}

/// LoRA hyper-parameters: `W_eff = W + (alpha / rank) · B · A` with `A: rank × in` and
/// `B: out × rank`.
public struct LoRAOptions: Sendable, Hashable {
    /// The rank r of every adapter.
    public var rank: Int
    /// The scale numerator: the update is multiplied by `alpha / rank`.
    public var alpha: Float
    /// The projections that get an adapter, in every block.
    public var targets: [LoRATarget]
    /// Seeds the initial `A` matrices (every process must use the same value).
    public var seed: UInt64

    /// Defaults r = 8, alpha = 16 on q and v: the original LoRA recipe (Hu et al. adapt W_q and
    /// W_v) with PEFT's common alpha = 2r. FedMeZO's r = 128 on a 3 B model is ~4 % of a
    /// 3072-wide layer; r = 8 is ~1.4 % of SmolLM2's 576 and keeps d = 460 800 small, which
    /// matters doubly for zeroth-order training, whose per-step progress falls as 1/d.
    /// The seed defaults to 0; any value works as long as every process uses the same one.
    public init(rank: Int = 8, alpha: Float = 16, targets: [LoRATarget] = [.q, .v], seed: UInt64 = 0) {
        self.rank = rank
        self.alpha = alpha
        self.targets = targets
        self.seed = seed
    }

    /// `alpha / rank`, the factor applied to `B · A`.
    public var scale: Float { alpha / Float(rank) }
}

/// How a ``LanguageModelClassifier`` is built.
public struct LanguageModelOptions: Sendable, Hashable {
    /// Which parameters are trainable (the parameter space).
    public var trainable: TrainableTensors
    /// The verbalizer word of each class: class `c` is scored by the next-token logit of
    /// `verbalizers[c]`, which must be exactly one token.
    public var verbalizers: [String]
    /// The prompt; must contain ``PromptTemplate/placeholder`` exactly once.
    public var template: String
    /// The longest prompt in tokens; longer sentences lose their tail (the template is kept).
    public var maximumTokens: Int
    /// Examples per forward pass when a loss or an evaluation covers many examples.
    public var batchSize: Int
    /// OpenBLAS threads (a process-wide setting, applied at construction).
    public var blasThreads: Int
    /// Train only the top this-many transformer blocks (with the final norm for `full`,
    /// `norms` and `ia3`; 0 leaves the final norm alone trainable); nil trains every block.
    public var trainableBlocks: Int?
    /// Whether the output of the frozen blocks below the trainable ones is computed once per
    /// example and kept (see ``LanguageModelClassifier``). Results are the same bits either
    /// way; turning it off only costs time (benchmarks compare the two).
    public var cachesFrozenPrefix: Bool

    /// MeZO's SST-2 template (the default).
    public static let mezoTemplate = "<sentence> It was"
    /// MeZO's SST-2 verbalizers, negative first (the default).
    public static let mezoVerbalizers = [" terrible", " great"]
    /// A template SmolLM2-135M reads far better zero-shot: with ``polarityVerbalizers`` it
    /// scored 0.85 balanced accuracy on 100 held-out snippets, where MeZO's prompt scored 0.51
    /// (it answers " great" for almost every review; see docs/language-model.md).
    public static let reviewTemplate = "Review: <sentence> Sentiment:"
    /// " negative" / " positive", the verbalizers that go with ``reviewTemplate``.
    public static let polarityVerbalizers = [" negative", " positive"]

    /// Defaults: LoRA (see ``LoRAOptions``), MeZO's SST-2 verbalizers " terrible" / " great"
    /// and template "<sentence> It was" (the papers' setting, so results compare; zero-shot
    /// SmolLM2-135M is biased to " great" under it, which the first rounds of training
    /// remove), 128 tokens (the longest movie-review snippet is 258
    /// characters, about 60 tokens, so nothing is cut), 32 examples per pass (about 800 tokens:
    /// large enough for efficient sgemm, small enough for the scratch to stay ~100 MB), and one
    /// BLAS thread, because several trainer processes share two cores.
    public init(trainable: TrainableTensors = .lora(LoRAOptions()),
                verbalizers: [String] = LanguageModelOptions.mezoVerbalizers,
                template: String = LanguageModelOptions.mezoTemplate,
                maximumTokens: Int = 128, batchSize: Int = 32, blasThreads: Int = 1,
                trainableBlocks: Int? = nil, cachesFrozenPrefix: Bool = true) {
        self.trainable = trainable
        self.trainableBlocks = trainableBlocks
        self.cachesFrozenPrefix = cachesFrozenPrefix
        self.verbalizers = verbalizers
        self.template = template
        self.maximumTokens = maximumTokens
        self.batchSize = batchSize
        self.blasThreads = blasThreads
    }
}
