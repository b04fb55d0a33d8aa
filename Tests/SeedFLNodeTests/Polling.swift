import Foundation

/// Waiting for something another thread or process does, without a fixed sleep.
enum Polling {
    /// Polls `condition` every 20 ms until it holds (true) or `timeout` seconds pass (false).
    static func wait(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}
