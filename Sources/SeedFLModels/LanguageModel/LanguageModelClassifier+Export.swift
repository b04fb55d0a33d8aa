import Foundation

extension LanguageModelClassifier {
    /// The Hugging Face id recorded as the base of exported adapters by default.
    public static let defaultBaseModelName = "HuggingFaceTB/SmolLM2-135M-Instruct"

    /// Exports the trainable parameters `x` in Hugging Face formats into `directory` (created
    /// if needed) and returns the paths written.
    ///
    /// * `full`: `model.safetensors`, every tensor under its `LlamaForCausalLM` name
    ///   (`model.embed_tokens.weight`, `model.layers.N.self_attn.q_proj.weight`, ...), shape
    ///   `[out, in]` (norms `[width]`), Q and K rows put back from llama.cpp's rotary order into
    ///   Hugging Face's (``RotaryRowPermutation``). A tied head is not repeated as `lm_head`.
    /// * `norms`: `model.safetensors` with the norm weights only (a partial state dict: load it
    ///   with `load_state_dict(strict=False)` over the base model).
    /// * `ia3`: the same kind of partial state dict, with the scales merged into the weights
    ///   they scale (`k_proj`, `v_proj`, `up_proj` rows times their scales) and the final norm,
    ///   so the file loads into a plain `LlamaForCausalLM` with no adapter library.
    /// * LoRA: `adapter_model.safetensors` with PEFT names
    ///   (`base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight` / `lora_B.weight`;
    ///   `B` rows of Q and K un-permuted like the weights they adapt) and `adapter_config.json`.
    ///
    /// - Throws: `LanguageModelError.dimensionMismatch` for a wrong-length `x`,
    ///   `.exportFailed` if the directory cannot be made, `SafeTensorsError` if a file cannot be
    ///   written.
    @discardableResult
    public func export(parameters x: [Float], to directory: String,
                       baseModel: String = LanguageModelClassifier.defaultBaseModelName) throws -> [String] {
        guard x.count == space.dimension else {
            throw LanguageModelError(.dimensionMismatch, "x has \(x.count) values, the space has \(space.dimension)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LanguageModelError(.exportFailed, "cannot create \(directory): \(error)")
        }
        let metadata = ["format": "pt", "seedfl.trainable": options.trainable.name, "seedfl.layout": "huggingface"]
        let config = baseWeights.config
        if case .lora(let lora) = options.trainable {
            let path = directory + "/adapter_model.safetensors"
            var entries: [SafeTensorDescriptor] = []
            for slot in adapters {
                let names = HuggingFaceLlamaNames.peftNames(of: slot)
                entries.append(SafeTensorDescriptor(name: names.a, shape: [slot.rank, slot.tensor.columns]))
                entries.append(SafeTensorDescriptor(name: names.b, shape: [slot.tensor.rows, slot.rank]))
            }
            try SafeTensorsWriter.write(entries, metadata: metadata, to: path) { index in
                let slot = adapters[index / 2]
                if index % 2 == 0 { return Array(x[slot.aOffset ..< slot.aOffset + slot.aCount]) }
                let b = Array(x[slot.bOffset ..< slot.bOffset + slot.bCount])
                guard let heads = HuggingFaceLlamaNames.rotaryHeads(of: slot.tensor, config: config) else { return b }
                return RotaryRowPermutation.toHuggingFace(b, rows: slot.tensor.rows, columns: slot.rank, heads: heads)
            }
            let configPath = directory + "/adapter_config.json"
            do {
                try PEFTAdapterConfig(options: lora, baseModel: baseModel).encoded()
                    .write(to: URL(fileURLWithPath: configPath), options: .atomic)
            } catch {
                throw LanguageModelError(.exportFailed, "cannot write \(configPath): \(error)")
            }
            return [path, configPath]
        }
        let path = directory + "/model.safetensors"
        let exported = baseWeights.tensors.filter { tensor in
            layout.directOffsets[tensor.index] != nil || (!layout.rowScales.isEmpty && layout.rowScales[tensor.index] != nil)
        }
        let entries = exported.map { tensor in
            SafeTensorDescriptor(
                name: HuggingFaceLlamaNames.name(of: tensor),
                shape: tensor.rows == 1 ? [tensor.columns] : [tensor.rows, tensor.columns])
        }
        try SafeTensorsWriter.write(entries, metadata: metadata, to: path) { index in
            let tensor = exported[index]
            let values = self.exportedValues(of: tensor, x: x)
            guard let heads = HuggingFaceLlamaNames.rotaryHeads(of: tensor, config: config) else { return values }
            return RotaryRowPermutation.toHuggingFace(values, rows: tensor.rows, columns: tensor.columns, heads: heads)
        }
        return [path]
    }

    /// The values of an exported tensor in engine row order: read from `x` when trainable,
    /// else (an (IA)^3-scaled projection) the stored rows times their scales in `x`.
    private func exportedValues(of tensor: LlamaTensor, x: [Float]) -> [Float] {
        if let offset = layout.directOffsets[tensor.index] { return Array(x[offset ..< offset + tensor.count]) }
        let scales = layout.rowScales[tensor.index].unsafelyUnwrapped
        var values = Array(baseWeights.parameters[tensor.range])
        for row in 0..<tensor.rows {
            let factor = x[scales + row]
            for column in 0..<tensor.columns { values[row * tensor.columns + column] *= factor }
        }
        return values
    }
}
