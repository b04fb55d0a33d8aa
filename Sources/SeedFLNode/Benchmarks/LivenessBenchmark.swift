import Foundation

/// `seedfl bench liveness`: what the broker's liveness bookkeeping costs per wake-up with N
/// peers, the queue-ordered ``LivenessTable`` against the scanning ``ScanningLivenessTable``,
/// measured in one run.
///
/// The load is the broker's: every peer heartbeats every `heartbeat`; the broker wakes for
/// each batch of `batch` messages and asks who died and when the next death can come.
public enum LivenessBenchmark {
    /// One table's figure.
    public struct Measurement: Sendable {
        public var name: String
        /// Wall-clock nanoseconds per wake-up (the two questions, and the batch's messages recorded).
        public var nanosecondsPerWake: Double
    }

    /// Simulates `seconds` of heartbeats from `peers` peers (the clock is synthetic; the work
    /// is real) and times each table's wake-ups.
    public static func run(peers: Int, seconds: Int = 10, heartbeat: Duration = .milliseconds(100),
                           window: Duration = .seconds(3), batch: Int = 64) -> [Measurement] {
        let start = ContinuousClock.now
        let perPeer = Int(Duration.seconds(seconds) / heartbeat)
        let messages = peers * perPeer
        let spacing = heartbeat / peers
        func measure<T>(_ name: String, _ table: inout T, heard: (inout T, UInt32, ContinuousClock.Instant) -> Void,
                        wake: (inout T, ContinuousClock.Instant) -> Int) -> Measurement {
            var wakes = 0, checksum = 0
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                var index = 0
                while index < messages {
                    let now = start + spacing * index
                    for m in index..<min(messages, index + batch) { heard(&table, UInt32(m % peers), start + spacing * m) }
                    index += batch
                    checksum &+= wake(&table, now)
                    wakes += 1
                }
            }
            precondition(checksum >= 0)
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            return Measurement(name: name, nanosecondsPerWake: nanoseconds / Double(max(1, wakes)))
        }
        var fast = LivenessTable(window: window)
        var scanning = ScanningLivenessTable(window: window)
        return [
            measure("queue (LivenessTable)", &fast, heard: { $0.heard($1, at: $2) }) { table, now in
                table.newlyDead(at: now).count + (table.nextExpiry(after: now) == nil ? 0 : 1)
            },
            measure("scan (ScanningLivenessTable)", &scanning, heard: { $0.heard($1, at: $2) }) { table, now in
                table.newlyDead(at: now).count + (table.nextExpiry(after: now) == nil ? 0 : 1)
            },
        ]
    }
}
