import SeedFLData

extension LanguageModelClassifier {
    /// Loads the model from a GGUF file and classifies the examples of two datasets (for
    /// example the halves of `TextDataset.stratifiedSplit`); labels index the verbalizers.
    ///
    /// - Throws: as ``init(ggufPath:train:test:options:)``; `LanguageModelError.invalidOptions`
    ///   when the datasets have a different number of classes than there are verbalizers.
    public convenience init(ggufPath: String, train: TextDataset, test: TextDataset,
                            options: LanguageModelOptions = .init()) throws {
        for dataset in [train, test] where dataset.labelNames.count != options.verbalizers.count {
            throw LanguageModelError(
                .invalidOptions,
                "the dataset has \(dataset.labelNames.count) classes \(dataset.labelNames) but there are \(options.verbalizers.count) verbalizers")
        }
        try self.init(ggufPath: ggufPath, train: train.examples.map { (text: $0.text, label: $0.label) },
                      test: test.examples.map { (text: $0.text, label: $0.label) }, options: options)
    }
}
