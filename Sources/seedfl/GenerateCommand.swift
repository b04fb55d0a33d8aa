import ArgumentParser
import Foundation
import SeedFLModels
import SeedFLNode

/// `seedfl generate --prompt TEXT --top 5`: the language model's most likely next tokens.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print the most likely next tokens of the base SmolLM2-135M for a prompt.")

    @Option(help: "The prompt.") var prompt: String
    @Option(help: "How many tokens to show.") var top = 5
    @Option(help: "GGUF file (default: the fetched SmolLM2-135M).") var model: String?

    func run() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        let path = Assets.path(ModelFactory.languageModelAsset, explicit: model ?? "")
        let classifier = try LanguageModelClassifier(
            ggufPath: path, train: [(text: "x", label: 0)], test: [(text: "x", label: 0)],
            options: LanguageModelOptions(trainable: .norms, blasThreads: ProcessInfo.processInfo.activeProcessorCount))
        for (token, probability) in try classifier.topTokens(prompt: prompt, count: top) {
            print(String(format: "%8.4f  %@", probability, token.debugDescription))
        }
    }
}
