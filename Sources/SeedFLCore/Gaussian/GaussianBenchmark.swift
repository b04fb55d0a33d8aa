import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What ``GaussianBenchmark/run(parameters:threads:repetitions:)`` measured. Rates are
/// in billions of elements per second (each element of a generate or generate-and-apply
/// run is one standard normal), each the best of the repetitions.
public struct GaussianBenchmarkReport: Codable, Sendable, Equatable {
    /// One kernel's throughput, two ways. On a dedicated machine they agree (times the
    /// thread count); on a shared one `wall` drops while `perCPUSecond` still shows what
    /// the code does with the CPU time it gets.
    public struct Rate: Codable, Sendable, Equatable {
        /// Elements per wall-clock second, G/s.
        public var wall: Double
        /// Elements per CPU-second consumed by the process (all threads), G/s: the
        /// per-core speed.
        public var perCPUSecond: Double
    }

    /// Throughput of the three kernels at one thread count.
    public struct Rates: Codable, Sendable, Equatable {
        /// Threads used.
        public var threads: Int
        /// `Gaussian.fill`: normals generated and stored.
        public var generate: Rate
        /// `Gaussian.axpy`: `x += a * z` with `z` generated inside the loop.
        public var generateAndApply: Rate
        /// `x += a * zStored` with `z` read from memory: the memory-bound reference that
        /// regenerating `z` competes with.
        public var applyStored: Rate
    }

    /// Elements per kernel run (the model size being simulated).
    public var parameters: Int
    /// Timed runs per kernel; the best is reported.
    public var repetitions: Int
    /// The code path the stream used (see ``GaussianPath``).
    public var path: GaussianPath
    /// All three kernels on one thread.
    public var singleThread: Rates
    /// All three kernels split over `threads` threads by contiguous slices.
    public var multiThread: Rates
}

/// A bad benchmark argument: which one, the value given and why it is refused.
public struct GaussianBenchmarkError: Error, CustomStringConvertible, Equatable {
    public var argument: String
    public var value: Int
    public var reason: String

    public var description: String { "invalid \(argument) \(value): \(reason)" }
}

/// Measures the Gaussian stream's throughput (the lead exposes it as `seedfl bench rng`).
public enum GaussianBenchmark {
    /// Runs the three kernels on `parameters` floats, on one thread and on `threads`.
    ///
    /// - Parameters:
    ///   - parameters: elements per run. The default, 10^8, is the scale of a real model
    ///     (400 MB per buffer, far beyond the caches, so the stored-`z` reference is
    ///     honestly memory-bound); tests pass 10^5.
    ///   - threads: threads for the multi-thread figures; the default is every online core.
    ///   - repetitions: timed runs per kernel, fastest reported (3 by default: the machine
    ///     is shared, and the minimum is the least noisy estimate of what the code can do).
    /// - Throws: ``GaussianBenchmarkError`` if an argument is not positive, or if the two
    ///   buffers (`8 * parameters` bytes) would take more than half the physical memory.
    public static func run(
        parameters: Int = 100_000_000,
        threads: Int = onlineCores,
        repetitions: Int = 3
    ) throws -> GaussianBenchmarkReport {
        for (name, value) in [("parameters", parameters), ("threads", threads), ("repetitions", repetitions)]
        where value <= 0 {
            throw GaussianBenchmarkError(argument: name, value: value, reason: "must be positive")
        }
        let memory = physicalMemory
        if memory > 0, parameters > memory / 16 {
            throw GaussianBenchmarkError(
                argument: "parameters", value: parameters,
                reason: "needs \(8 * (parameters / 1_000_000)) MB of buffers, more than half of the \(memory / 1_000_000) MB of memory")
        }
        let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: parameters)
        let z = UnsafeMutableBufferPointer<Float>.allocate(capacity: parameters)
        defer {
            x.deallocate()
            z.deallocate()
        }
        // Touch every page once so that page faults are not timed.
        x.initialize(repeating: 0)
        z.initialize(repeating: 0)
        let buffers = Buffers(x: x, z: z)
        let single = measure(buffers, threads: 1, repetitions: repetitions)
        let multi = measure(buffers, threads: threads, repetitions: repetitions)
        return GaussianBenchmarkReport(
            parameters: parameters, repetitions: repetitions, path: .best,
            singleThread: single, multiThread: multi)
    }

    /// Online cores (at least 1), the default thread count.
    public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Physical memory in bytes, or 0 if the system does not say.
    private static var physicalMemory: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 0 }
        return Int(pages).multipliedReportingOverflow(by: Int(pageSize)).partialValue
    }

    private static let key = PerturbationKey(seed: 0x5EED_BE0C_4A11_0001, step: 1, perturbation: 2)
    // Small enough that x stays bounded however many repetitions run.
    private static let alpha: Float = 1e-3

    private static func measure(_ b: Buffers, threads: Int, repetitions: Int) -> GaussianBenchmarkReport.Rates {
        let n = Double(b.count)
        func rate(_ body: @escaping @Sendable (Int, Int) -> Void) -> GaussianBenchmarkReport.Rate {
            var bestWall = Double.infinity
            var bestCPU = Double.infinity
            for _ in 0..<repetitions {
                let (wall, cpu) = seconds { parallelSlices(count: b.count, threads: threads, body) }
                bestWall = min(bestWall, wall)
                bestCPU = min(bestCPU, cpu)
            }
            return .init(wall: n / bestWall / 1e9, perCPUSecond: n / max(bestCPU, 1e-9) / 1e9)
        }
        let generate = rate { lo, hi in Gaussian.fill(key, start: lo, into: b.zSlice(lo, hi)) }
        let apply = rate { lo, hi in Gaussian.axpy(key, alpha: alpha, start: lo, into: b.xSlice(lo, hi)) }
        let stored = rate { lo, hi in
            let x = b.xSlice(lo, hi)
            let z = b.zSlice(lo, hi)
            for t in 0..<x.count { x[t] = x[t] + alpha * z[t] }
        }
        return .init(threads: threads, generate: generate, generateAndApply: apply, applyStored: stored)
    }

    /// Runs `body(lo, hi)` on `threads` contiguous slices of `0..<count` concurrently.
    private static func parallelSlices(count: Int, threads: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
        if threads == 1 {
            body(0, count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            body(count * t / threads, count * (t + 1) / threads)
        }
    }

    /// Wall-clock and process CPU seconds (every thread) spent in `body`.
    private static func seconds(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        body()
        let cpu = processCPUSeconds() - cpuStart
        return (Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9, cpu)
    }

    /// CPU time of the whole process (all threads), which on Linux includes system time.
    private static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// The benchmark's two buffers, shared by the worker threads. `@unchecked Sendable` is
/// safe because the threads of one run write disjoint slices, runs are sequential, and
/// the memory outlives every run (it is freed after the last `concurrentPerform` returns).
private struct Buffers: @unchecked Sendable {
    let x: UnsafeMutableBufferPointer<Float>
    let z: UnsafeMutableBufferPointer<Float>
    var count: Int { x.count }

    func xSlice(_ lo: Int, _ hi: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: x[lo..<hi])
    }

    func zSlice(_ lo: Int, _ hi: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: z[lo..<hi])
    }
}
