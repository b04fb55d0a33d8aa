import Foundation

/// A bounded, thread-safe memo from a word's UTF-8 bytes to its token ids.
///
/// Natural text repeats words constantly, so most words skip BPE entirely.
/// The cache is cleared when it reaches `capacity` rather than evicting
/// precisely: simpler, and a refill costs only the BPE work it saved.
///
/// `@unchecked Sendable` is sound because the only mutable state, `entries`,
/// is read and written exclusively while holding `lock`.
final class BPEWordCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[UInt8]: [Int32]] = [:]
    /// 64 Ki words is far more distinct words than a fine-tuning data set's
    /// prompts use, and at a few dozen bytes per entry stays a few MB.
    let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
    }

    func lookup(_ word: [UInt8]) -> [Int32]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[word]
    }

    func store(_ word: [UInt8], _ ids: [Int32]) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[word] = ids
    }
}
