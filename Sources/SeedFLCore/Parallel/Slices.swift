import Dispatch

/// Splits `0..<count` into contiguous slices and runs `body` on each, concurrently.
///
/// Slice boundaries depend only on `count` and `slices`, and every per-element
/// computation in SeedFL is independent of where slices start, so results are
/// bit-identical for any thread count (tested).
public enum Slices {
    /// Number of worker threads to use when the caller does not say: the active CPUs.
    public static var defaultThreads: Int { max(1, ProcessInfoShim.activeProcessorCount) }

    /// Runs `body(range)` for `threads` contiguous ranges covering `0..<count`.
    /// Ranges smaller than `minimumSlice` elements are merged so tiny problems stay serial.
    public static func run(count: Int, threads: Int, minimumSlice: Int = 1 << 16,
                           _ body: (Range<Int>) -> Void) {
        let workers = max(1, min(threads, count / max(1, minimumSlice)))
        if workers <= 1 {
            body(0..<count)
            return
        }
        let per = (count + workers - 1) / workers
        withoutActuallyEscaping(body) { escapable in
            let box = UnsafeSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lo = w * per
                let hi = min(count, lo + per)
                if lo < hi { box.value(lo..<hi) }
            }
        }
    }
}

import Foundation
enum ProcessInfoShim {
    static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
