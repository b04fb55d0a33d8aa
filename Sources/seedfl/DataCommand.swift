import ArgumentParser
import SeedFLNode

/// `seedfl data split --topology F --out DIR`: one data file per trainer.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Prepare data for a deployment where each trainer holds only its own.",
        subcommands: [Split.self])

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut the run's training sentences into DIR/trainer-<id>.tsv with the topology's split and partitioner.",
            discussion: """
                Point deployment.trainer_data at DIR/trainer-{id}.tsv (or give one trainer --data DIR/trainer-3.tsv) \
                and every trainer loads its own file and nothing else; the run commits the same ledger as one \
                whose trainers cut their shards from the whole dataset.
                """)

        @Option(help: "Topology file.") var topology: String
        @Option(help: "Directory to write the files into.") var out: String

        func run() throws {
            let run = try TopologyFile.load(path: topology).run
            let counts = try ShardFiles.write(run: run, to: out)
            for (id, count) in counts.enumerated() {
                print("\(ShardFiles.path(directory: out, trainer: id)): \(count) sentences")
            }
        }
    }
}
