import ArgumentParser
import SeedFLNode

/// `--byzantine IDS:KIND` (repeatable) or `--byzantine none`: overrides the topology's
/// `byzantine:` switch, so a clean and an attacked run of the same file can be compared.
struct ByzantineOption: ParsableArguments {
    @Option(name: .customLong("byzantine"),
            help: "Trainers that misbehave (test switch): IDS:KIND with KIND sign-flip|scale|random|replay, repeatable; 'none' for a clean run.")
    var entries: [String] = []

    /// The plan the flags describe, or nil when none was given.
    func plan(clients: Int) throws -> ByzantinePlan? {
        guard !entries.isEmpty else { return nil }
        do { return try ByzantinePlan(parsing: entries.joined(separator: " "), clients: clients) } catch {
            throw ValidationError("--byzantine: \(error.reason)")
        }
    }

    func apply(to topology: inout TopologyFile) throws {
        if let plan = try plan(clients: topology.run.clients) { topology.byzantine = plan }
    }
}
