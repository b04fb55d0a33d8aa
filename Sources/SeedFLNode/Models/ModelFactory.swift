import Foundation
import SeedFLCore
import SeedFLData
import SeedFLModels

/// A model built for a run, with the data split the run uses.
public struct PreparedModel: Sendable {
    public var model: any TrainableModel
    /// Example indices of each trainer's shard (index = trainer id).
    public var shards: [[Int]]
    /// Evaluation-pool indices of the test split (never used to choose anything).
    public var testExamples: [Int]
    /// Evaluation-pool indices of the validation split (empty when the run has none); the
    /// evaluator chooses the checkpoint on these.
    public var validationExamples: [Int] = []
    /// A one-line description for logs.
    public var summary: String
}

/// Builds the run's model and partitions its training data among trainers.
///
/// Every process of a run calls this with the same `RunConfig` and gets the same model,
/// the same split and the same shards: all of it is derived from the run seed.
public enum ModelFactory {
    /// Where `Scripts/fetch-assets.sh` puts the language model, relative to the assets root.
    public static let languageModelAsset = "models/SmolLM2-135M-Instruct.Q4_1.gguf"

    /// - Parameter blasThreads: overrides the language model's BLAS threads (an evaluating
    ///   process that is alone on the machine may use every core).
    public static func prepare(_ run: RunConfig, blasThreads: Int? = nil) throws -> PreparedModel {
        // The model's evaluation pool is the validation examples followed by the test ones.
        let split: Split? = run.model.kind == .synthetic ? nil : try reviews(run)
        let (model, labels, summary) = try makeModel(run, split: split, blasThreads: blasThreads)
        let partitioner = try Partitioner(parsing: run.data.partitioner)
        // Unlabelled synthetic examples: the partitioner sees one label.
        let shards = try partitioner.partition(labels: labels ?? [Int](repeating: 0, count: model.trainCount),
                                               clients: run.clients, seed: run.seed)
        let validationCount = split?.validation.count ?? 0
        return PreparedModel(model: model, shards: shards, testExamples: Array(validationCount..<model.testCount),
                             validationExamples: Array(0..<validationCount), summary: summary)
    }

    /// The model for trainer `id` when its data stays with it: `path` holds its shard alone
    /// (a `ShardFiles` file, in shard order), and nothing else is loaded. Its shard is every
    /// example of the file, in order, so its batches, and therefore its contributions, are
    /// those of a trainer that cut the same shard from the whole dataset. There is no
    /// validation or test split: evaluation happens elsewhere.
    /// - Throws: ``ConfigError`` for the synthetic model (no data files), or the file's read error.
    public static func prepare(_ run: RunConfig, ownData path: String, trainer id: Int,
                               blasThreads: Int? = nil) throws -> PreparedModel {
        guard run.model.kind != .synthetic else {
            throw ConfigError(file: nil, field: "deployment.trainer_data", message: "the synthetic model has no data files")
        }
        let own = try sentences(at: path)
        let (model, _, summary) = try makeModel(run, split: (own, [], []), blasThreads: blasThreads)
        var shards = [[Int]](repeating: [], count: run.clients)
        shards[id] = Array(0..<own.count)
        return PreparedModel(model: model, shards: shards, testExamples: [], validationExamples: [],
                             summary: summary + "; own data file \(path)")
    }

    /// The run's model without any data: its parameter space and initial parameters, for
    /// the roles that replay or size messages but never compute a loss (the broker's
    /// snapshots, the dense wire dimension). Loads no sentence; the language model still
    /// reads its GGUF (the initial parameters are its weights).
    public static func bareModel(_ run: RunConfig) throws -> any TrainableModel {
        try makeModel(run, split: run.model.kind == .synthetic ? nil : ([], [], []), blasThreads: nil).0
    }

    /// The evaluator's model when evaluation data lives only where evaluation happens:
    /// `directory` holds `validation.tsv` and `test.tsv` (written by ``ShardFiles``), in the
    /// order of the run's own split, and no training sentence is loaded.
    public static func prepare(_ run: RunConfig, evaluationData directory: String,
                               blasThreads: Int? = nil) throws -> PreparedModel {
        let validation = try sentences(at: ShardFiles.validationPath(directory: directory))
        let test = try sentences(at: ShardFiles.testPath(directory: directory))
        let (model, _, summary) = try makeModel(run, split: ([], validation, test), blasThreads: blasThreads)
        return PreparedModel(model: model, shards: [[Int]](repeating: [], count: run.clients),
                             testExamples: Array(validation.count..<validation.count + test.count),
                             validationExamples: Array(0..<validation.count),
                             summary: summary + "; evaluation data \(directory)")
    }

    /// The labelled sentences of a `ShardFiles` file; none for an empty file (a run without a
    /// validation split writes an empty `validation.tsv`).
    private static func sentences(at path: String) throws -> [(text: String, label: Int)] {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 { return [] }
        return try MovieReviews.load(path: path).dataset.examples.map { (text: $0.text, label: $0.label) }
    }

    /// Training, validation and test sentences.
    typealias Split = (train: [(text: String, label: Int)], validation: [(text: String, label: Int)],
                       test: [(text: String, label: Int)])

    /// The run's model over `split` (nil for the synthetic model), with its training labels
    /// (nil: unlabelled) and a one-line description.
    private static func makeModel(_ run: RunConfig, split: Split?,
                                  blasThreads: Int?) throws -> (any TrainableModel, [Int]?, String) {
        guard let (train, validation, test) = split else {
            let m = try SyntheticQuadratic(dimension: run.model.dimension, examples: run.model.examples, seed: run.seed)
            return (m, nil, "synthetic quadratic, d=\(m.space.dimension), \(m.trainCount) examples")
        }
        let sizes = "\(train.count) review sentences (\(validation.count) validation, \(test.count) test)"
        switch run.model.kind {
        case .logreg:
            let m = try LogisticRegression(train: train, test: validation + test, buckets: run.model.buckets)
            return (m, m.trainLabels, "logistic regression on \(sizes), d=\(m.space.dimension)")
        default:
            let l = run.model.language
            let path = Assets.path(languageModelAsset, explicit: l.path)
            let m = try LanguageModelClassifier(ggufPath: path, train: train, test: validation + test,
                                                options: try languageOptions(l, seed: run.seed,
                                                                             blasThreads: blasThreads ?? l.blasThreads))
            if let declared = l.parameters, declared != m.space.dimension {
                throw ConfigError(file: nil, field: "run.model.parameters",
                                  message: "declares d = \(declared), but these settings train \(m.space.dimension) parameters")
            }
            let blocks = l.trainableBlocks.map { "top \($0) blocks" } ?? "all blocks"
            return (m, train.map(\.label), "SmolLM2-135M (\(l.trainable), \(blocks), d=\(m.space.dimension)) on \(sizes)")
        }
    }

    /// The movie-review sentences split as the run says: a stratified test split of
    /// `test_size` (the same sentences whatever the other settings), then a stratified
    /// validation split of `validation_size` from the rest, and at most `train_limit` of what
    /// remains for training (a stratified subset).
    static func reviews(_ run: RunConfig) throws -> Split {
        let path = Assets.path(MovieReviews.assetPath, explicit: run.data.path)
        let reviews = try MovieReviews.load(path: path)
        let (trainSet, testSet) = try reviews.dataset.stratifiedSplit(testSize: run.data.testSize, seed: run.seed)
        var train = trainSet.examples.map { (text: $0.text, label: $0.label) }
        var validation: [(text: String, label: Int)] = []
        if run.data.validationSize > 0 {
            // A seed of its own, so the validation split does not echo the test split's draw.
            let held = try StratifiedSplit.split(labels: train.map(\.label), testSize: run.data.validationSize,
                                                 seed: run.seed &+ 2)
            validation = held.test.map { train[$0] }
            train = held.train.map { train[$0] }
        }
        if run.data.trainLimit > 0 && train.count > run.data.trainLimit {
            let keep = try StratifiedSplit.split(labels: train.map(\.label),
                                                 testSize: run.data.trainLimit, seed: run.seed &+ 1).test
            train = keep.map { train[$0] }
        }
        return (train, validation, testSet.examples.map { (text: $0.text, label: $0.label) })
    }

    static func languageOptions(_ l: LanguageModelConfig, seed: UInt64, blasThreads: Int) throws -> LanguageModelOptions {
        let trainable: TrainableTensors
        switch l.trainable {
        case "full": trainable = .full
        case "norms": trainable = .norms
        case "ia3": trainable = .ia3
        default:
            let targets = l.loraTargets.compactMap(LoRATarget.init(rawValue:))
            trainable = .lora(LoRAOptions(rank: l.loraRank, alpha: l.loraAlpha, targets: targets, seed: seed))
        }
        return LanguageModelOptions(trainable: trainable, verbalizers: l.verbalizers, template: l.template,
                                    maximumTokens: l.maxTokens, batchSize: l.forwardBatch, blasThreads: blasThreads,
                                    trainableBlocks: l.trainableBlocks, cachesFrozenPrefix: l.prefixCache)
    }
}
