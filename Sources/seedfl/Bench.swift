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
        subcommands: [RNG.self, Forward.self])

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
            let path = Assets.path("models/SmolLM2-135M-Instruct.Q4_1.gguf", explicit: model ?? "")
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
}
