import ArgumentParser
import Foundation
import SeedFLCore
import SeedFLData
import SeedFLModels
import SeedFLNode

/// `seedfl bench ...`: measured speed, printed as JSON so figures can go in docs/benchmarks.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure SeedFL's hot paths (use a release build).",
        subcommands: [RNG.self, Forward.self, ZO.self, Liveness.self, CatchUp.self])

    /// Prints a report as sorted, indented JSON (what docs/benchmarks.md quotes).
    static func printJSON(_ report: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    }

    struct Liveness: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "liveness",
            abstract: "The broker's liveness bookkeeping per wake-up: the queue-ordered table against a full scan.")

        @Option(help: "Peer counts to measure (repeat the flag).") var peers: [Int] = [10, 100, 1_000, 10_000]

        func run() throws {
            var rows: [[String: Any]] = []
            for n in peers {
                let m = LivenessBenchmark.run(peers: n)
                rows.append(["peers": n, "queue_ns_per_wake": m[0].nanosecondsPerWake.rounded(),
                             "scan_ns_per_wake": m[1].nanosecondsPerWake.rounded(),
                             "scan_over_queue": (m[1].nanosecondsPerWake / m[0].nanosecondsPerWake * 10).rounded() / 10])
            }
            try Bench.printJSON(["liveness": rows])
        }
    }

    struct CatchUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catchup",
            abstract: "Replaying a long history from the base model, without and with finite seed pools.")

        @Option(help: "Rounds behind.") var rounds = 10_000
        @Option(help: "Trainable dimension d (30,720: LoRA r = 8 on the top 2 blocks' q and v).") var dimension = 30_720
        @Option(help: "Perturbations P per round (K = 1).") var perturbations = 5
        @Option(help: "Seed pool sizes to measure besides no pool (repeat the flag).") var pool: [Int] = [4096, 1024, 256]

        func run() throws {
            var rows: [[String: Any]] = []
            var baseline: Double?
            for size in [nil] + pool.map(Optional.some) {
                let m = try CatchUpBenchmark.run(rounds: rounds, dimension: dimension, perturbations: perturbations, pool: size)
                baseline = baseline ?? m.seconds
                rows.append(["pool": size.map { $0 as Any } ?? NSNull(), "rounds": m.rounds, "directions": m.directions,
                             "seconds": (m.seconds * 1000).rounded() / 1000,
                             "speedup": ((baseline ?? m.seconds) / m.seconds * 10).rounded() / 10,
                             "fingerprint": String(m.fingerprint.prefix(16))])
            }
            let report: [String: Any] = ["dimension": dimension, "perturbations": perturbations, "catch_up": rows]
            try Bench.printJSON(report)
        }
    }

    struct RNG: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rng",
            abstract: "Gaussian stream: generate-only, generate-and-apply, and a stored-z apply reference.")

        @Option(help: "Parameters per pass.") var parameters = 100_000_000
        @Option(help: "Threads for the all-cores figures (default: active CPUs).") var threads: Int?

        func run() throws {
            let report = try GaussianBenchmark.run(parameters: parameters, threads: threads ?? Slices.defaultThreads)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }

    struct Forward: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forward",
            abstract: "SmolLM2-135M forward pass: tokens/s, GFLOP/s against this machine's sgemm, one ZO step.")

        @Option(help: "Sequences per batch.") var sequences = 16
        @Option(help: "Tokens per sequence.") var length = 32
        @Option(help: "BLAS threads.") var threads = 1
        @Option(help: "Perturbations P of the timed ZO step (1 + P forwards).") var perturbations = 5
        @Option(help: "GGUF file (default: the fetched SmolLM2-135M).") var model: String?

        func run() throws {
            let path = Assets.path(ModelFactory.languageModelAsset, explicit: model ?? "")
            OpenBLASRuntime.setThreads(threads)
            let llama = try LlamaModel(gguf: try GGUFFile(path: path))
            let result = try LlamaForwardBenchmark.run(model: llama, sequences: sequences, length: length)
            print("OpenBLAS core: \(OpenBLASRuntime.coreName), \(threads) thread(s)")
            print(result)
            // One ZO step as a trainer runs it: 1 + P forwards of the prompt classifier.
            let reviews = try MovieReviews.load(path: Assets.path(MovieReviews.assetPath))
            let sample = Array(reviews.dataset.examples.prefix(sequences)).map { (text: $0.text, label: $0.label) }
            let classifier = try LanguageModelClassifier(
                ggufPath: path, train: sample, test: sample,
                options: LanguageModelOptions(batchSize: sequences, blasThreads: threads))
            let x = classifier.initialParameters()
            var run = ZOConfig(steps: 1, perturbations: perturbations, mu: 1e-2, learningRate: 1e-2)
            run.batchSize = sequences
            let start = Date()
            _ = LocalTraining.decomfl(model: classifier, global: x, momentum: [], seed: 1, config: run,
                                      learningRate: run.learningRate) { _ in Array(0..<sample.count) }
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "one ZO step (LoRA, %d examples, 1 + %d forwards): %.2f s", sample.count, perturbations, seconds))
        }
    }

    struct ZO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zo",
            abstract: "Seconds per trainer contribution: the previous main job against a topology, with and without the frozen-prefix cache.",
            discussion: """
                Measures, in one run and one process (1 BLAS thread each): the previous main job's \
                configuration (every norm trainable, all 30 blocks per pass, P = 4), the topology's \
                configuration with the frozen-prefix cache, and the same without the cache. Ratios \
                are per round (one contribution per sampled trainer, trainers in parallel) and per \
                forward pass at the same examples per pass.
                """)

        @Option(help: "Topology whose run: section is the new configuration.") var topology = "Topologies/local.yaml"
        @Option(help: "Timed contributions per configuration (median reported).") var contributions = 5
        @Flag(name: .customLong("skip-uncached"), help: "Do not measure the topology without its cache.") var skipUncached = false

        func run() throws {
            var new = try TopologyFile.load(path: topology).run
            new.model.language.blasThreads = 1
            var previous = ZOThroughputBenchmark.previousMainJob(seed: new.seed)
            previous.data = new.data
            previous.data.validationSize = new.data.validationSize
            var measurements = [try ZOThroughputBenchmark.measure(previous, name: "previous main job", contributions: contributions)]
            new.model.language.prefixCache = true
            measurements.append(try ZOThroughputBenchmark.measure(new, name: "\(topology), cached", contributions: contributions))
            // The same at the previous job's P: rounds of equal work, so the rounds/s ratio at
            // the same examples per pass and the same passes per round.
            var atPreviousP = new
            atPreviousP.zo.perturbations = previous.zo.perturbations
            measurements.append(try ZOThroughputBenchmark.measure(atPreviousP, name: "\(topology), cached, P = \(atPreviousP.zo.perturbations)",
                                                                 contributions: contributions))
            if !skipUncached {
                new.model.language.prefixCache = false
                measurements.append(try ZOThroughputBenchmark.measure(new, name: "\(topology), uncached", contributions: contributions))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(measurements), as: UTF8.self))
            let base = measurements[0], cached = measurements[1], sameP = measurements[2]
            print(String(format: "rounds/s: previous %.3f, topology %.3f (%.1fx), topology at P = %d %.3f (%.1fx); "
                         + "per forward pass (%d examples): %.1fx",
                         base.roundsPerSecond, cached.roundsPerSecond, cached.roundsPerSecond / base.roundsPerSecond,
                         sameP.perturbations, sameP.roundsPerSecond, sameP.roundsPerSecond / base.roundsPerSecond,
                         cached.examplesPerForward, base.secondsPerForward / cached.secondsPerForward))
            if measurements.count > 3 {
                let uncached = measurements[3]
                print(String(format: "cache: %.1fx faster per contribution than recomputing the frozen blocks",
                             uncached.secondsPerContribution / cached.secondsPerContribution))
            }
        }
    }
}
