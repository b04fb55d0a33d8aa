/// A growable, uninitialised Float buffer that is reused across forward passes.
///
/// It only ever grows, and growing discards the contents: it holds per-pass intermediates, so
/// after the first pass of the largest batch shape no memory is allocated any more.
final class LlamaScratchBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    init() {
        capacity = 0
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    }

    deinit {
        pointer.deallocate()
    }

    /// A pointer to at least `count` floats (their values are unspecified).
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            // Grow geometrically so that slowly increasing batch shapes do not reallocate every pass.
            capacity = max(count, capacity + capacity / 2)
            pointer = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        }
        return pointer
    }

    /// `reserve(count)` as a buffer pointer of exactly `count` floats.
    func reserveBuffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: reserve(count), count: count)
    }
}
