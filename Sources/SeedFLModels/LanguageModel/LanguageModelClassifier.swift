import Foundation
import SeedFLCore

/// A llama-architecture language model (SmolLM2-135M by default) as a SeedFL
/// `TrainableModel`: MeZO-style prompt classification, trained by zeroth-order methods.
///
/// Each example becomes the prompt `"<sentence> It was"`; class `c` is scored by the
/// next-token logit of its verbalizer (" terrible" for 0, " great" for 1), and the loss is the
/// cross-entropy over those logits only (two rows of the tied output head at the last
/// position). The trainable parameters are a flat vector in the order of ``space``
/// (``TrainableTensors``: every tensor, the norms, or LoRA adapters).
///
/// **Losses never write.** `loss(at: x, perturbation: (key, mu))` evaluates `f(x + mu·z)`
/// through a `LlamaWeightTransform` that materialises each trainable tensor's values from `x`
/// (plus `mu·z` over that tensor's slice) into scratch right before it is used; neither `x`
/// nor the engine's weights are written, and the result depends only on `x`, the perturbation
/// and the examples (bit for bit, given the same OpenBLAS kernels and thread count).
///
/// **Threads.** The forward engine (`LlamaModel`) owns scratch buffers and is not thread-safe;
/// one lock serialises every call that runs it, which makes the class safe to share (hence
/// `@unchecked Sendable`). Calls from several threads therefore queue; to evaluate in
/// parallel, build one classifier per thread from the same `LlamaWeights` (the base weights
/// are copy-on-write and shared, so each extra instance costs only its scratch).
public final class LanguageModelClassifier: TrainableModel, @unchecked Sendable {
    public let space: ParameterSpace
    /// The options the classifier was built with.
    public let options: LanguageModelOptions
    /// The base (pre-fine-tuning) weights; LoRA adds to them, `full`/`norms` start from them.
    public let baseWeights: LlamaWeights
    /// The tokenizer of the model file.
    public let tokenizer: BPETokenizer
    /// The vocabulary row scoring each class.
    public let verbalizerTokens: [Int]
    /// The LoRA adapters in flat order (empty unless training LoRA).
    public var adapters: [LoRAAdapterSlot] { layout.adapterList }

    public var trainCount: Int { trainPrompts.count }
    public var trainLabels: [Int]? { trainClasses }
    public var testCount: Int { testPrompts.count }

    /// Encoded prompts and labels.
    let trainPrompts: [[Int]]
    let trainClasses: [Int]
    let testPrompts: [[Int]]
    let testClasses: [Int]
    let layout: TrainableLayout

    /// Guards `engine`, `loraBuffers` and `prefixCache`, which forward passes write.
    private let lock = NSLock()
    private let engine: LlamaModel
    private let loraBuffers = LoRABuffers()
    /// Blocks below the trainable part whose output is computed once per example (nil: none,
    /// when the embedding or the first block is trainable).
    public let frozenPrefixBlocks: Int?
    private let prefixCache = FrozenPrefixCache()

    /// Loads the model and tokenizer from a GGUF file (dequantised to Float32) and encodes the
    /// examples.
    ///
    /// - Throws: `GGUFError` / `TokenizerError` / `LlamaError` for an unreadable or unsuitable
    ///   file, `LanguageModelError` for bad options or examples.
    public convenience init(ggufPath: String, train: [(text: String, label: Int)],
                            test: [(text: String, label: Int)], options: LanguageModelOptions = .init()) throws {
        let file = try GGUFFile(path: ggufPath)
        let weights = try LlamaWeights(config: LlamaConfig(gguf: file), source: file)
        try self.init(weights: weights, tokenizer: BPETokenizer(gguf: file), train: train, test: test, options: options)
    }

    /// Builds a classifier over already loaded weights (several instances can share them).
    ///
    /// - Parameters:
    ///   - train, test: `(text, label)` pairs; labels index `options.verbalizers`.
    /// - Throws: `LanguageModelError.invalidOptions` (fewer than two verbalizers, a verbalizer
    ///   that is not one token or repeats, a bad template, limits below 1, LoRA settings),
    ///   `.invalidExample` (label out of range, prompt that cannot be encoded).
    public init(weights: LlamaWeights, tokenizer: BPETokenizer, train: [(text: String, label: Int)],
                test: [(text: String, label: Int)], options: LanguageModelOptions = .init()) throws {
        guard options.maximumTokens >= 2, options.batchSize >= 1, options.blasThreads >= 1 else {
            throw LanguageModelError(
                .invalidOptions,
                "maximumTokens (\(options.maximumTokens)) must be >= 2, batchSize (\(options.batchSize)) and blasThreads (\(options.blasThreads)) >= 1")
        }
        verbalizerTokens = try Self.verbalizerTokens(options.verbalizers, tokenizer: tokenizer,
                                                     vocabulary: weights.config.vocabularySize)
        let template = try PromptTemplate(options.template)
        func encode(_ examples: [(text: String, label: Int)], _ split: String) throws -> ([[Int]], [Int]) {
            var prompts: [[Int]] = []
            prompts.reserveCapacity(examples.count)
            for (index, example) in examples.enumerated() {
                guard options.verbalizers.indices.contains(example.label) else {
                    throw LanguageModelError(
                        .invalidExample, "\(split) example \(index) has label \(example.label), not in 0..<\(options.verbalizers.count)")
                }
                prompts.append(try template.encode(example.text, tokenizer: tokenizer, maximumTokens: options.maximumTokens))
            }
            return (prompts, examples.map(\.label))
        }
        (trainPrompts, trainClasses) = try encode(train, "training")
        (testPrompts, testClasses) = try encode(test, "test")
        layout = try TrainableLayout(tensors: weights.tensors, trainable: options.trainable,
                                     topBlocks: options.trainableBlocks)
        frozenPrefixBlocks = layout.firstTrainableBlock.flatMap { $0 > 0 ? $0 : nil }
        space = layout.space
        self.options = options
        self.baseWeights = weights
        self.tokenizer = tokenizer
        engine = LlamaModel(weights: weights)
        OpenBLASRuntime.setThreads(options.blasThreads)
    }

    private static func verbalizerTokens(_ words: [String], tokenizer: BPETokenizer, vocabulary: Int) throws -> [Int] {
        guard words.count >= 2 else {
            throw LanguageModelError(.invalidOptions, "a classifier needs at least two verbalizers, got \(words.count)")
        }
        let tokens = try words.map { word in
            let ids = tokenizer.encode(word, addBOS: false, parseSpecial: false)
            guard ids.count == 1, let id = ids.first, (0..<vocabulary).contains(id) else {
                throw LanguageModelError(.invalidOptions, "verbalizer \"\(word)\" is \(ids.count) tokens, not one in the vocabulary")
            }
            return id
        }
        guard Set(tokens).count == tokens.count else {
            throw LanguageModelError(.invalidOptions, "verbalizers \(words) share a token")
        }
        return tokens
    }

    /// The key of the stream that initialises LoRA's `A`: a step and perturbation index that
    /// zeroth-order rounds never use (their steps count from 0), under the LoRA seed.
    public static func loraInitializationKey(seed: UInt64) -> PerturbationKey {
        PerturbationKey(seed: seed, step: .max, perturbation: .max)
    }

    /// `full` / `norms`: the dequantised base values of the trainable tensors; `ia3` also
    /// scales of 1. LoRA: `B = 0`
    /// and `A = z(loraInitializationKey) / sqrt(3 · in_features)` over A's slice, the standard
    /// deviation of PEFT's default (Kaiming-uniform with a = √5, bound 1/√in), so the initial
    /// model equals the base model while `A` already spreads the ZO signal into `B`.
    public func initialParameters() -> [Float] {
        if !layout.directOffsets.isEmpty {
            if space.dimension == baseWeights.parameterCount { return baseWeights.parameters }
            var x = [Float](repeating: 0, count: space.dimension)
            for tensor in baseWeights.tensors {
                if let offset = layout.directOffsets[tensor.index] {
                    x.replaceSubrange(offset ..< offset + tensor.count, with: baseWeights.parameters[tensor.range])
                }
                // (IA)^3 scales start at 1: the initial model is the base model.
                if !layout.rowScales.isEmpty, let offset = layout.rowScales[tensor.index] {
                    x.replaceSubrange(offset ..< offset + tensor.rows, with: repeatElement(1, count: tensor.rows))
                }
            }
            return x
        }
        var x = [Float](repeating: 0, count: space.dimension)
        guard case .lora(let lora) = options.trainable else { return x }
        let key = Self.loraInitializationKey(seed: lora.seed)
        for slot in layout.adapterList {
            let std = Float(1 / (3 * Double(slot.tensor.columns)).squareRoot())
            let z = Gaussian.vector(key, start: slot.aOffset, count: slot.aCount)
            for i in 0..<slot.aCount { x[slot.aOffset + i] = z[i] * std }
        }
        return x
    }

    /// Mean cross-entropy over the verbalizer logits of training examples `examples`, at `x`
    /// displaced by `perturbation`. Examples run `options.batchSize` per forward pass, in order.
    ///
    /// - Precondition: `x.count == space.dimension` and every index is in `0..<trainCount`
    ///   (both come from the caller's own state, not from data).
    public func loss(at x: [Float], perturbation: Perturbation?, examples: [Int]) -> Double {
        guard !examples.isEmpty else { return 0 }
        let score = classify(x, perturbation, .training, examples)
        return score.lossSum / Double(examples.count)
    }

    /// Loss and accuracy on test examples `examples` (batched by `options.batchSize`).
    public func evaluate(at x: [Float], examples: [Int]) -> Evaluation {
        guard !examples.isEmpty else { return Evaluation(loss: 0, accuracy: nil, examples: 0) }
        let score = classify(x, nil, .evaluation, examples)
        let n = Double(examples.count)
        return Evaluation(loss: score.lossSum / n, accuracy: Double(score.correct) / n, examples: examples.count)
    }

    /// Summed loss and correct count over examples `indices` of `split`; the one place that
    /// runs the engine on the examples.
    private func classify(_ x: [Float], _ perturbation: Perturbation?, _ split: FrozenPrefixCache.Split,
                          _ indices: [Int]) -> (lossSum: Double, correct: Int) {
        precondition(x.count == space.dimension, "x has \(x.count) values, the space has \(space.dimension)")
        let (prompts, labels) = split == .training ? (trainPrompts, trainClasses) : (testPrompts, testClasses)
        let request = LlamaOutputRequest(positions: .last, vocabulary: .rows(verbalizerTokens))
        var lossSum = 0.0
        var correct = 0
        lock.lock()
        defer { lock.unlock() }
        x.withUnsafeBufferPointer { xb in
            var start = 0
            while start < indices.count {
                let chunk = indices[start..<min(indices.count, start + options.batchSize)]
                let prefix = frozenPrefixBlocks.map { blocks in
                    LlamaResidualPrefix(blocks: blocks, residuals: chunk.map { frozenStream(split, $0, prompts[$0], blocks) })
                }
                let output = runEngine(chunk.map { prompts[$0] }, request: request, x: xb, perturbation: perturbation,
                                       prefix: prefix)
                for (row, example) in chunk.enumerated() {
                    let result = VerbalizerScore(logits: output.logits(row: row), label: labels[example])
                    lossSum += result.loss
                    if result.correct { correct += 1 }
                }
                start += chunk.count
            }
        }
        return (lossSum, correct)
    }

    /// The residual stream of `example` after the frozen `blocks`: kept from an earlier pass, or
    /// computed now (and kept when caching is on). Caller holds `lock`.
    private func frozenStream(_ split: FrozenPrefixCache.Split, _ example: Int, _ prompt: [Int], _ blocks: Int) -> [Float] {
        if let stream = prefixCache.stream(split, example) { return stream }
        let stream: [Float]
        do {
            stream = try engine.residualStream(of: prompt, blocks: blocks)
        } catch {
            // Prompts are validated at construction and `blocks` comes from the layout.
            preconditionFailure("frozen prefix refused a validated prompt: \(error)")
        }
        if options.cachesFrozenPrefix { prefixCache.store(stream, split, example) }
        return stream
    }

    /// Floats held by the frozen-prefix cache and the examples they cover (training,
    /// evaluation), for memory reports.
    public var frozenPrefixCacheSize: (floats: Int, training: Int, evaluation: Int) {
        withEngine { (prefixCache.storedFloats, prefixCache.count(.training), prefixCache.count(.evaluation)) }
    }

    /// One forward pass at `x` (+ perturbation), from `prefix` when given. Caller holds `lock`.
    func runEngine(_ prompts: [[Int]], request: LlamaOutputRequest, x: UnsafeBufferPointer<Float>?,
                   perturbation: Perturbation?, prefix: LlamaResidualPrefix? = nil) -> LlamaOutput {
        let transform = x.map {
            TrainableWeightTransform(layout: layout, x: $0, perturbation: perturbation,
                                     loraScale: loraScale, buffers: loraBuffers)
        }
        do {
            return try engine.forward(LlamaBatch(sequences: prompts), request: request, transform: transform,
                                      prefix: prefix)
        } catch {
            // Prompts are validated non-empty with in-vocabulary ids at construction, the
            // verbalizer rows are checked then too, and prefixes come from the same prompts.
            preconditionFailure("forward pass refused validated prompts: \(error)")
        }
    }

    /// Runs `body` with exclusive use of the engine.
    func withEngine<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private var loraScale: Float {
        if case .lora(let lora) = options.trainable { return lora.scale }
        return 0
    }
}
