import ArgumentParser
import Foundation
import SeedFLCore
import SeedFLModels
import SeedFLLauncher
import SeedFLNode

/// `seedfl export --run DIR --out PATH`: the fine-tuned trainable weights as safetensors.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Replay a run's ledger and write the fine-tuned weights (or LoRA adapters) as safetensors.",
        discussion: """
            The language model is written with Hugging Face names (full or norms) or as a PEFT \
            adapter (adapter_model.safetensors + adapter_config.json, for LoRA). Small models write \
            their trainable tensors under their own names. PATH is a directory, or a file name \
            ending in .safetensors (side files such as adapter_config.json go next to it).
            """)

    @Option(name: .customLong("run"), help: "Run directory (holds topology.yaml and ledger.sqlite).") var runDirectory: String
    @Option(help: "Output directory or .safetensors file.") var out: String
    @Option(help: "Export the model at this ledger sequence (0: the base model). Default: the sequence with the best validation score in evaluations.jsonl, or the last one when the run has none.")
    var sequence: UInt64?

    func run() throws {
        let (topology, prepared) = try RunReplay.prepare(runDirectory: runDirectory, blasThreads: Slices.defaultThreads)
        var state = ReplayState(base: prepared.model.initialParameters(), optimizer: topology.run.zo.optimizer,
                                seedShift: try topology.run.seedShift())
        let choice = try CheckpointChoice.resolve(runDirectory: runDirectory, requested: sequence)
        try RunReplay.apply(ledgerOf: runDirectory, to: &state, through: choice.sequence)
        if let wanted = choice.sequence, state.appliedSequence != wanted {
            throw ValidationError("the ledger of \(runDirectory) ends at sequence \(state.appliedSequence), before \(wanted)")
        }
        if let fingerprint = choice.fingerprint, fingerprint != state.fingerprint {
            throw ValidationError("the replay at sequence \(state.appliedSequence) is model \(state.fingerprint.prefix(16))…, "
                                  + "but the evaluator scored \(fingerprint.prefix(16))… there: the run directory is inconsistent")
        }
        print("exporting sequence \(state.appliedSequence): \(choice.reason)")
        let toFile = out.hasSuffix(".safetensors")
        let directory = toFile ? URL(fileURLWithPath: out).deletingLastPathComponent().path : out
        var written: [String]
        if let language = prepared.model as? LanguageModelClassifier {
            written = try language.export(parameters: state.parameters, to: directory)
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let space = prepared.model.space
            let tensors = zip(space.trainable, space.offsets).map { name, offset -> SafeTensor in
                let spec = space.tensors.first { $0.name == name }!
                return SafeTensor(name: name, shape: spec.shape, values: Array(state.parameters[offset..<(offset + spec.count)]))
            }
            let path = directory + "/model.safetensors"
            try SafeTensorsWriter.write(tensors, metadata: ["format": "pt", "seedfl.model": topology.run.model.kind.rawValue],
                                        to: path)
            written = [path]
        }
        if toFile, let main = written.first(where: { $0.hasSuffix(".safetensors") }), main != out {
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: main, toPath: out)
            written = written.map { $0 == main ? out : $0 }
        }
        print("exported sequence \(state.appliedSequence) (fingerprint \(state.fingerprint.prefix(16))…):")
        for path in written { print("  \(path)") }
    }
}
