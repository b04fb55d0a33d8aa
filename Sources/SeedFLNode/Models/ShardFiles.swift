import Foundation
import SeedFLData

/// Cuts a run's training sentences into one file per trainer, so each trainer can be given
/// its own data and nothing else (`deployment.trainer_data`, `seedfl trainer --data`).
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

    /// Writes `trainer-<id>.tsv` for every trainer of `run` into `directory` (created if
    /// needed) and returns how many sentences each got.
    /// - Throws: ``ConfigError`` for the synthetic model, which has no data; file errors.
    public static func write(run: RunConfig, to directory: String) throws -> [Int] {
        guard run.model.kind != .synthetic else {
            throw ConfigError(file: nil, field: "run.model.kind", message: "the synthetic model has no data to cut")
        }
        let train = try ModelFactory.reviews(run).train
        let shards = try Partitioner(parsing: run.data.partitioner)
            .partition(labels: train.map(\.label), clients: run.clients, seed: run.seed)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (id, shard) in shards.enumerated() {
            var text = ""
            for (position, index) in shard.enumerated() {
                let sentence = train[index]
                text += "\(id)-\(position)\t\(sentence.label == 1 ? "1" : "-1")\t\(sentence.text)\n"
            }
            try text.write(toFile: path(directory: directory, trainer: id), atomically: true, encoding: .utf8)
        }
        return shards.map(\.count)
    }
}
