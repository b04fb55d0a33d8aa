import ArgumentParser
import SeedFLCore
import SeedFLNode

/// Command-line overrides of a topology's `run:` section. Every flag given replaces the
/// file's (or the default's) value; the result is validated like a file.
struct RunOverrides: ParsableArguments {
    @Option(help: "decomfl | fedzo | fedmezo") var algorithm: Algorithm?
    @Option(help: "logreg | synthetic | smollm") var model: ModelConfig.Kind?
    @Option(help: "Dimension d of the synthetic model.") var dimension: Int?
    @Option(help: "Hashed feature slots of the logreg model.") var buckets: Int?
    @Option(help: "smollm trainable set: lora | norms | ia3 | full") var trainable: String?
    @Option(name: .customLong("trainable-blocks"), help: "smollm: train only the top n blocks ('all' for every block).")
    var trainableBlocks: String?
    @Option(name: .customLong("lr-schedule"), help: "constant | linear | cosine") var lrSchedule: LearningRateSchedule.Decay?
    @Option(name: .customLong("warmup-rounds"), help: "Rounds of linear learning-rate warm-up.") var warmupRounds: Int?
    @Option(name: .customLong("final-lr-fraction"), help: "Fraction of lr left at the last round (linear, cosine).")
    var finalLRFraction: Double?
    @Option(name: .customLong("validation-size"), help: "Validation examples held out of training.") var validationSize: Int?
    @Option(help: "smollm prompt with one <sentence> placeholder (\\n for a line break).") var template: String?
    @Option(name: .customLong("verbalizer"), help: "smollm: one single-token verbalizer per class, negative first (repeat the flag).")
    var verbalizers: [String] = []
    @Option(help: "Trainers M.") var clients: Int?
    @Option(help: "Trainers sampled per round m.") var sample: Int?
    @Option(help: "Rounds R.") var rounds: Int?
    @Option(name: .customLong("local-steps"), help: "Local steps K.") var localSteps: Int?
    @Option(help: "Perturbations per step P.") var perturbations: Int?
    @Option(help: "Learning rate.") var lr: Float?
    @Option(help: "Finite-difference smoothing mu.") var mu: Float?
    @Option(help: "forward | central") var estimator: Estimator?
    @Option(name: .customLong("batch-size"), help: "Examples per local step.") var batchSize: Int?
    @Option(help: "Momentum factor beta in [0, 1) (decomfl).") var momentum: Float?
    @Option(name: .customLong("weight-decay"), help: "SGD weight decay.") var weightDecay: Float?
    @Option(name: .customLong("seed-pool"), help: "Draw round seeds from a finite pool of this many (FedKSeed; plain SGD).")
    var seedPool: Int?
    @Option(help: "mean | median | trimmed:<fraction> | krum:<byzantine count>") var aggregation: String?
    @Option(name: .customLong("screen-after"), help: "Leave out trainers that disagree with the aggregate after n rounds (0: off).")
    var screenAfter: Int?
    @Option(help: "iid | dirichlet:<alpha> | label") var partitioner: String?
    @Option(name: .customLong("lr-strategy"), help: "frozen | random | loss-diff | loss-diff-5 | update-diff")
    var lrStrategy: String?
    @Option(name: .customLong("lr-max-factor"), help: "Personalised rate of the most heterogeneous client, x lr.")
    var lrMaxFactor: Double?
    @Option(help: "Run seed.") var seed: UInt64?
    @Option(name: .customLong("eval-every"), help: "Evaluate every n rounds.") var evalEvery: Int?
    @Option(name: .customLong("train-limit"), help: "Keep at most n training examples.") var trainLimit: Int?
    @Option(name: .customLong("data"), help: "Path of the movie-review file.") var dataPath: String?

    func apply(to base: RunConfig) throws -> RunConfig {
        var c = base
        if let algorithm {
            c.algorithm = algorithm
            if estimator == nil { c.zo.estimator = algorithm.defaultEstimator }
        }
        if let model { c.model.kind = model }
        if let dimension { c.model.dimension = dimension }
        if let buckets { c.model.buckets = buckets }
        if let trainable { c.model.language.trainable = trainable }
        if let trainableBlocks {
            guard trainableBlocks == "all" || Int(trainableBlocks) != nil else {
                throw ValidationError("--trainable-blocks: expected 'all' or a number, got '\(trainableBlocks)'")
            }
            c.model.language.trainableBlocks = Int(trainableBlocks)
        }
        if let lrSchedule { c.schedule.decay = lrSchedule }
        if let warmupRounds { c.schedule.warmupRounds = warmupRounds }
        if let finalLRFraction { c.schedule.finalFraction = finalLRFraction }
        if let validationSize { c.data.validationSize = validationSize }
        if let template { c.model.language.template = template.replacingOccurrences(of: "\\n", with: "\n") }
        if !verbalizers.isEmpty { c.model.language.verbalizers = verbalizers }
        if let clients { c.clients = clients }
        if let sample { c.sample = sample }
        if let rounds { c.rounds = rounds }
        if let localSteps { c.zo.steps = localSteps }
        if let perturbations { c.zo.perturbations = perturbations }
        if let lr { c.zo.learningRate = lr }
        if let mu { c.zo.mu = mu }
        if let estimator { c.zo.estimator = estimator }
        if let batchSize { c.zo.batchSize = batchSize }
        if let momentum { c.zo.optimizer.momentum = momentum }
        if let weightDecay { c.zo.optimizer.weightDecay = weightDecay }
        if let seedPool { c.zo.optimizer.seedPool = seedPool }
        if let aggregation { c.aggregation = try AggregationRule(parsing: aggregation) }
        if let screenAfter { c.screenAfter = screenAfter }
        if let partitioner { c.data.partitioner = partitioner }
        if let lrStrategy { c.personalization.strategy = try RateStrategy(parsing: lrStrategy) }
        if let lrMaxFactor { c.personalization.maxFactor = lrMaxFactor }
        if let seed { c.seed = seed }
        if let evalEvery { c.evalEvery = evalEvery }
        if let trainLimit { c.data.trainLimit = trainLimit }
        if let dataPath { c.data.path = dataPath }
        try c.validate()
        return c
    }
}

extension Algorithm: ExpressibleByArgument {}
extension ModelConfig.Kind: ExpressibleByArgument {}
extension Estimator: ExpressibleByArgument {}
extension LearningRateSchedule.Decay: ExpressibleByArgument {}
