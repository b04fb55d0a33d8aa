import Foundation
import SeedFLCore
import Yams

/// A topology file: the run (what is computed) and, for distributed runs, the
/// deployment (which role binds or connects where). `Topologies/*.yaml` are examples.
public struct TopologyFile: Sendable {
    /// Path the file was read from (used in error messages).
    public var path: String
    /// Optional human-readable name.
    public var name: String
    public var run: RunConfig
    /// Roles, endpoints, quorum and deadlines of the distributed run.
    public var deployment: Deployment
    /// Trainers that misbehave on purpose (`byzantine:`; a test-and-demo switch, `none` by
    /// default). Not part of the run's identity: it says who attacks, not what a round is.
    public var byzantine: ByzantinePlan = .none

    /// Reads and validates a topology file; every error names the file and the field.
    public static func load(path: String) throws(ConfigError) -> TopologyFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, field: "(file)", message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    /// Parses topology YAML text (`path` only labels errors).
    public static func parse(_ text: String, path: String) throws(ConfigError) -> TopologyFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(file: path, field: "(syntax)", message: "invalid YAML: \(error)")
        }
        var top = try YAMLFields(root, file: path, path: "")
        let name = try top.string("name", default: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        _ = try top.string("description", default: "")
        var runFields = try top.section("run")
        let run = try RunConfig.parse(&runFields)
        do {
            try run.validate()
        } catch {
            var e = error
            e.file = path
            throw e
        }
        var deploymentFields = try top.section("deployment")
        var deployment = try Deployment.parse(&deploymentFields, name: name, run: run)
        deployment.security = try SecurityConfig.parse(&top)
        let byzantineText = try top.string("byzantine", default: "none")
        let byzantine: ByzantinePlan
        do { byzantine = try ByzantinePlan(parsing: byzantineText, clients: run.clients) } catch {
            throw top.error("byzantine", error.reason)
        }
        try top.rejectUnknownKeys()
        return TopologyFile(path: path, name: name, run: run, deployment: deployment, byzantine: byzantine)
    }
}

extension RunConfig {
    /// Reads the `run:` section, starting from the defaults of `RunConfig()`.
    static func parse(_ f: inout YAMLFields) throws(ConfigError) -> RunConfig {
        var c = RunConfig()
        c.algorithm = try f.enumeration("algorithm", default: c.algorithm)
        c.clients = try f.int("clients", default: c.clients)
        c.sample = try f.int("sample", default: c.sample)
        c.rounds = try f.int("rounds", default: c.rounds)
        c.seed = try f.uint64("seed", default: c.seed)
        if f.node("seed_secret") != nil {
            throw f.error("seed_secret", "the secret no longer lives in the topology (the broker and aggregators load it): "
                          + "set run.seed_shift: private and give trainers the secret in a file named by $\(SeedSecretFile.environmentVariable)")
        }
        let shift = try f.string("seed_shift", default: c.privateSeedShift ? "private" : "none")
        guard shift == "none" || shift == "private" else { throw f.error("seed_shift", "expected none or private, got '\(shift)'") }
        c.privateSeedShift = shift == "private"
        c.evalEvery = try f.int("eval_every", default: c.evalEvery)
        c.scalarBound = try f.float("scalar_bound", default: c.scalarBound)
        c.screenAfter = try f.int("screen_after", default: c.screenAfter)
        let rule = try f.string("aggregation", default: c.aggregation.description)
        do { c.aggregation = try AggregationRule(parsing: rule) } catch {
            throw f.error("aggregation", "\(error)")
        }

        var m = try f.section("model")
        c.model.kind = try m.enumeration("kind", default: c.model.kind)
        c.model.buckets = try m.int("buckets", default: c.model.buckets)
        c.model.dimension = try m.int("dimension", default: c.model.dimension)
        c.model.examples = try m.int("examples", default: c.model.examples)
        var l = c.model.language
        l.path = try m.string("path", default: l.path)
        l.trainable = try m.string("trainable", default: l.trainable)
        l.loraRank = try m.int("lora_rank", default: l.loraRank)
        l.loraAlpha = try m.float("lora_alpha", default: l.loraAlpha)
        l.loraTargets = try m.strings("lora_targets", default: l.loraTargets)
        l.template = try m.string("template", default: l.template)
        l.verbalizers = try m.strings("verbalizers", default: l.verbalizers)
        l.maxTokens = try m.int("max_tokens", default: l.maxTokens)
        l.forwardBatch = try m.int("forward_batch", default: l.forwardBatch)
        l.blasThreads = try m.int("blas_threads", default: l.blasThreads)
        l.prefixCache = try m.bool("prefix_cache", default: l.prefixCache)
        let blocks = try m.string("trainable_blocks", default: l.trainableBlocks.map(String.init) ?? "all")
        if blocks == "all" {
            l.trainableBlocks = nil
        } else if let count = Int(blocks) {
            l.trainableBlocks = count
        } else {
            throw m.error("trainable_blocks", "expected 'all' or a number of top blocks, got '\(blocks)'")
        }
        if m.node("parameters") != nil {
            let d = try m.int("parameters", default: 0)
            if d < 1 { throw m.error("parameters", "must be the trainable dimension d (>= 1), got \(d)") }
            l.parameters = d
        }
        c.model.language = l
        try m.rejectUnknownKeys()

        var d = try f.section("data")
        c.data.path = try d.string("path", default: c.data.path)
        c.data.testSize = try d.int("test_size", default: c.data.testSize)
        c.data.validationSize = try d.int("validation_size", default: c.data.validationSize)
        c.data.partitioner = try d.string("partitioner", default: c.data.partitioner)
        c.data.trainLimit = try d.int("train_limit", default: c.data.trainLimit)
        try d.rejectUnknownKeys()

        // The estimator default depends on the algorithm, so read the algorithm first.
        c.zo.estimator = c.algorithm.defaultEstimator
        var z = try f.section("zo")
        c.zo.steps = try z.int("local_steps", default: c.zo.steps)
        c.zo.perturbations = try z.int("perturbations", default: c.zo.perturbations)
        c.zo.mu = try z.float("mu", default: c.zo.mu)
        c.zo.learningRate = try z.float("lr", default: c.zo.learningRate)
        c.zo.estimator = try z.enumeration("estimator", default: c.zo.estimator)
        c.zo.batchSize = try z.int("batch_size", default: c.zo.batchSize)
        c.zo.optimizer.weightDecay = try z.float("weight_decay", default: c.zo.optimizer.weightDecay)
        c.zo.optimizer.momentum = try z.float("momentum", default: c.zo.optimizer.momentum)
        if z.node("seed_pool") != nil { c.zo.optimizer.seedPool = try z.int("seed_pool", default: 0) }
        c.schedule.decay = try z.enumeration("lr_schedule", default: c.schedule.decay)
        c.schedule.warmupRounds = try z.int("warmup_rounds", default: c.schedule.warmupRounds)
        c.schedule.finalFraction = try z.double("final_lr_fraction", default: c.schedule.finalFraction)
        try z.rejectUnknownKeys()

        var p = try f.section("personalization")
        let strategy = try p.string("strategy", default: c.personalization.strategy.description)
        do { c.personalization.strategy = try RateStrategy(parsing: strategy) } catch {
            throw p.error("strategy", "\(error)")
        }
        c.personalization.maxFactor = try p.double("max_factor", default: c.personalization.maxFactor)
        try p.rejectUnknownKeys()
        try f.rejectUnknownKeys()
        return c
    }
}
