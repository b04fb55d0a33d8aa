import Foundation

/// A value set once by one thread and awaited by another.
///
/// `@unchecked Sendable` is safe because `value` is only read or written while holding
/// `condition`'s lock, and `Value` itself is `Sendable`.
final class Latch<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    /// Stores `value` and wakes the waiters; later calls are ignored (first value wins).
    func set(_ newValue: Value) {
        condition.lock()
        defer { condition.unlock() }
        guard value == nil else { return }
        value = newValue
        condition.broadcast()
    }

    /// Blocks until a value is set, then returns it.
    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }

    /// The value if set, without waiting.
    var current: Value? {
        condition.lock()
        defer { condition.unlock() }
        return value
    }
}
