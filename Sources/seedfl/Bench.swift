import ArgumentParser
import Foundation
import SeedFLCore

/// `seedfl bench ...`: measured speed, printed as JSON so figures can go in docs/benchmarks.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure SeedFL's hot paths (use a release build).",
        subcommands: [RNG.self])

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
}
