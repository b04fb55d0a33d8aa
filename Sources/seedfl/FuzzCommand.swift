import ArgumentParser
import Foundation
import SeedFLNode
import SeedFLWireFuzzing

/// `seedfl fuzz-wire`: generated and mutated frames through the wire decoder.
struct FuzzWireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-wire",
        abstract: "Decode generated and mutated frames of every message type; check that nothing traps and that every accepted frame re-encodes to the same bytes.",
        discussion: """
            Prints the outcome counts (accepted, refused by WireError case, inputs per strategy) and inputs per \
            second. Exits non-zero when an accepted frame is not canonical; a trap ends the process with a signal.
            """)

    @Option(help: "Inputs to decode.") var iterations: Int = 1_000_000
    @Option(help: "Seed of the generated inputs.") var seed: UInt64 = 1
    @Flag(help: "Print the report as one JSON object.") var json = false

    func validate() throws {
        if iterations < 1 { throw ValidationError("--iterations must be >= 1") }
    }

    func run() throws {
        let report = WireFuzzer(seed: seed).run(iterations: iterations)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(report.iterations) inputs in \(String(format: "%.2f", report.seconds)) s "
                  + "(\(String(format: "%.0f", report.inputsPerSecond)) inputs/s), seed \(report.seed)")
            print("accepted \(report.accepted) (re-encoded: \(report.accepted - report.nonCanonical) identical, "
                  + "\(report.nonCanonical) different)")
            for (kind, count) in report.rejected.sorted(by: { $0.key < $1.key }) { print("refused \(kind): \(count)") }
            print("strategies: " + report.strategies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
            for problem in report.corpusInvalid { print("corpus message does not decode: \(problem)") }
            for example in report.nonCanonicalExamples { print("non-canonical: \(example)") }
            print(report.passed ? "OK: nothing trapped, every accepted frame is canonical" : "FAILED")
        }
        if !report.passed { throw ExitCode.failure }
    }
}
