import Foundation
import SeedFLNode

/// Where `seedfl status` reads a run from: a local run directory's status files, or the
/// metrics endpoints of roles anywhere.
public enum LiveStatusSource: Sendable {
    case runDirectory(String)
    case metrics([String])

    /// A name for the frame's title.
    public var name: String {
        switch self {
        case .runDirectory(let path): path
        case .metrics(let urls): urls.count == 1 ? urls[0] : "\(urls.count) metrics endpoints"
        }
    }

    /// The run as the source says now, and what could not be read.
    public func read() -> (run: RunStatus, failures: [String]) {
        switch self {
        case .runDirectory(let path):
            let run = RunStatus.read(directory: RunDirectory(path).status)
            return (run, run.unreadable.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
        case .metrics(let urls):
            var roles: [String: RoleStatus] = [:]
            var failures: [String] = []
            for url in urls {
                switch MetricsScraper.fetch(url) {
                case .success(let text): roles.merge(MetricsStatus.roles(from: PrometheusText.parse(text))) { _, new in new }
                case .failure(let failure): failures.append(failure.description)
                }
            }
            return (RunStatus(roles: roles), failures)
        }
    }
}

/// Draws frames of a source until stopped: the live view of `seedfl status`.
public struct LiveStatusWatcher {
    public var source: LiveStatusSource
    /// Seconds between frames.
    public var interval: Double
    public var maximumTrainerRows: Int

    public init(source: LiveStatusSource, interval: Double, maximumTrainerRows: Int) {
        self.source = source
        self.interval = interval
        self.maximumTrainerRows = maximumTrainerRows
    }

    /// The next frame, with the rate measured since `previous` (a sequence and when it was read).
    public func frame(previous: inout (sequence: UInt64, at: Date)?) -> LiveStatusFrame {
        let (run, failures) = source.read()
        let now = Date()
        var rate: Double?
        if let latest = run.broker?.latestSequence {
            if let previous, now.timeIntervalSince(previous.at) > 0, latest >= previous.sequence {
                rate = Double(latest - previous.sequence) / now.timeIntervalSince(previous.at)
            }
            previous = (latest, now)
        }
        var frame = LiveStatusFrame(source: source.name, run: run, roundsPerSecond: rate)
        frame.failures = failures
        frame.maximumTrainerRows = maximumTrainerRows
        return frame
    }

    /// Redraws the frame every ``interval`` seconds until `stop()`; on a terminal each frame
    /// replaces the last (cursor home, clear), elsewhere frames follow one another.
    public func run(output: (String) -> Void, isTerminal: Bool, stop: () -> Bool) {
        var previous: (sequence: UInt64, at: Date)?
        while !stop() {
            let text = frame(previous: &previous).lines.joined(separator: "\n")
            output(isTerminal ? "\u{1B}[H\u{1B}[2J" + text + "\n" : text + "\n\n")
            let deadline = Date().addingTimeInterval(interval)
            while Date() < deadline && !stop() { Thread.sleep(forTimeInterval: min(0.1, interval)) }
        }
    }
}
