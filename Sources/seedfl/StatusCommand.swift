import ArgumentParser
import Foundation
import SeedFLLauncher
import SeedFLNode

/// `seedfl status --run DIR` or `seedfl status --metrics URL…`: a live view of a run.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Watch a run: rounds/s, the open round, who is sampled, lag per trainer, drops, bytes.",
        discussion: """
            A local run is read from its status files (--run DIR); roles on other hosts from their Prometheus \
            endpoints (--metrics URL, once per role or trainer process). Stops on Ctrl-C.
            """)

    @Option(name: .customLong("run"), help: "A run directory on this host.") var runDirectory: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Metrics URLs of the roles (http://HOST:PORT/metrics).", valueName: "url"))
    var metrics: [String] = []
    @Option(help: "Seconds between frames.") var interval: Double = 1
    @Option(name: .customLong("trainers"), help: "Trainer rows shown (the most lagging first).") var trainerRows: Int = 20
    @Flag(help: "Print two frames' worth of measurement as one frame and exit (for scripts).") var once = false

    func validate() throws {
        guard (runDirectory == nil) != metrics.isEmpty else { throw ValidationError("give either --run DIR or --metrics URL…") }
        guard interval >= 0.1, interval <= 3600 else { throw ValidationError("--interval must be in 0.1...3600 seconds") }
        guard trainerRows >= 0 else { throw ValidationError("--trainers must be >= 0") }
        if let runDirectory, !FileManager.default.fileExists(atPath: runDirectory) {
            throw ValidationError("--run: no such directory \(runDirectory)")
        }
    }

    func run() throws {
        StopSignal.install()
        let source: LiveStatusSource = runDirectory.map { .runDirectory($0) } ?? .metrics(metrics)
        let watcher = LiveStatusWatcher(source: source, interval: interval, maximumTrainerRows: trainerRows)
        if once {
            // Two readings `interval` apart, so that the one frame has a rate.
            var previous: (sequence: UInt64, at: Date)?
            _ = watcher.frame(previous: &previous)
            Thread.sleep(forTimeInterval: interval)
            print(watcher.frame(previous: &previous).lines.joined(separator: "\n"))
            return
        }
        watcher.run(output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
                    isTerminal: isatty(STDOUT_FILENO) == 1, stop: { StopSignal.requested })
    }
}
