extension LlamaConfig {
    /// The configuration of a llama-architecture GGUF file: its hyper-parameters, and tied
    /// embeddings exactly when the file has no `output.weight` (llama.cpp's rule).
    ///
    /// - Throws: `GGUFError` for missing or bad metadata, `LlamaError.invalidConfiguration` if
    ///   the values are inconsistent.
    public init(gguf file: GGUFFile) throws {
        let hyperparameters = try LlamaHyperparameters(gguf: file)
        try self.init(
            vocabularySize: hyperparameters.vocabularySize,
            hiddenSize: hyperparameters.embeddingLength,
            intermediateSize: hyperparameters.feedForwardLength,
            layerCount: hyperparameters.blockCount,
            headCount: hyperparameters.headCount,
            keyValueHeadCount: hyperparameters.keyValueHeadCount,
            ropeBase: Double(hyperparameters.ropeFrequencyBase),
            rmsNormEpsilon: hyperparameters.rmsNormEpsilon,
            tiedEmbeddings: file.tensorInfo(named: LlamaTensor.Role.output.ggufName(layer: 0)) == nil)
    }
}

/// A GGUF file serves its tensors dequantised to Float32, in the file's (llama.cpp) layout.
extension GGUFFile: LlamaWeightSource {
    public func tensor(named name: String) throws -> LlamaSourceTensor? {
        guard let info = tensorInfo(named: name) else { return nil }
        return LlamaSourceTensor(dimensions: info.dimensions, values: try dequantize(name))
    }
}

extension LlamaModel {
    /// Loads a llama-architecture model from a GGUF file, dequantising every tensor to Float32.
    ///
    /// - Throws: `GGUFError` for an unreadable file or metadata, `LlamaError` for a missing or
    ///   misshapen tensor or inconsistent hyper-parameters.
    public convenience init(gguf file: GGUFFile) throws {
        try self.init(config: LlamaConfig(gguf: file), source: file)
    }
}
