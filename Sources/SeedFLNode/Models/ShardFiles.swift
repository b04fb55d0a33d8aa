import Foundation
import SeedFLData

/// Cuts a run's sentences into one file per trainer and the evaluator's two, so each trainer
/// can be given its own data and nothing else (`deployment.trainer_data`, `seedfl trainer
/// --data`), and the evaluator only the validation and test splits (`deployment.evaluation_data`).
///
/// The cut is the run's own: the same test, validation and training split and the same
/// partitioner and seed as ``ModelFactory/prepare(_:blasThreads:)``, with each shard's sentences
/// in shard order. A trainer that loads its file therefore samples the same batches and sends
/// the same contributions as one that cut its shard from the whole dataset, and the run
/// commits the same ledger. The files use the dataset's own format (`id<TAB>rating<TAB>sentence`,
/// read by `MovieReviews`), with `trainer-position` ids and ratings +1 / -1 (the label's sign:
/// the only part of the rating a trainer uses).
public enum ShardFiles {
    /// The file of trainer `id` in `directory`.
    public static func path(directory: String, trainer id: Int) -> String { "\(directory)/trainer-\(id).tsv" }
    /// The evaluator's validation file in `directory`.
    public static func validationPath(directory: String) -> String { "\(directory)/validation.tsv" }
    /// The evaluator's test file in `directory`.
    public static func testPath(directory: String) -> String { "\(directory)/test.tsv" }

    /// Writes `trainer-<id>.tsv` for every trainer of `run` into `directory` (created if
    /// needed), and the evaluator's `validation.tsv` and `test.tsv` (`deployment.evaluation_data`);
    /// returns how many sentences each trainer got.
    /// - Throws: ``ConfigError`` for the synthetic model, which has no data; file errors.
    public static func write(run: RunConfig, to directory: String) throws -> [Int] {
        guard run.model.kind != .synthetic else {
            throw ConfigError(file: nil, field: "run.model.kind", message: "the synthetic model has no data to cut")
        }
        let split = try ModelFactory.reviews(run)
        let shards = try Partitioner(parsing: run.data.partitioner)
            .partition(labels: split.train.map(\.label), clients: run.clients, seed: run.seed)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (id, shard) in shards.enumerated() {
            try write(shard.map { split.train[$0] }, name: "\(id)", to: path(directory: directory, trainer: id))
        }
        try write(split.validation, name: "validation", to: validationPath(directory: directory))
        try write(split.test, name: "test", to: testPath(directory: directory))
        return shards.map(\.count)
    }

    private static func write(_ sentences: [(text: String, label: Int)], name: String, to path: String) throws {
        var text = ""
        for (position, sentence) in sentences.enumerated() {
            text += "\(name)-\(position)\t\(sentence.label == 1 ? "1" : "-1")\t\(sentence.text)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
