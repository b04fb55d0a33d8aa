import CBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide controls of the OpenBLAS library: which kernel family it picked and how many
/// threads it uses.
///
/// OpenBLAS chooses its kernels once, when the library is loaded, from `OPENBLAS_CORETYPE` or
/// from its own CPU detection. Debian's 0.3.21 does not recognise this machine's CPU and falls
/// back to "Prescott" kernels (SSE3), about 5x slower for sgemm than the AVX-512 ones. Setting
/// the variable from inside a running process is too late, hence `ensureFastKernels`, which
/// re-executes the process with the variable set.
public enum OpenBLASRuntime {
    /// The environment variable OpenBLAS reads at load time to force a kernel family.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// Set by `ensureFastKernels` before it re-executes, so that a process whose library still
    /// reports a generic core after the re-exec does not loop.
    public static let reexecMarkerVariable = "SEEDFL_OPENBLAS_REEXEC"

    /// Kernel families that OpenBLAS reports when it did not recognise the CPU (or a very old
    /// one): on any machine with AVX2 these are several times slower than necessary.
    public static let genericCoreNames: Set<String> = [
        "prescott", "katmai", "coppermine", "northwood", "core2", "penryn", "dunnington",
        "nehalem", "atom", "generic", "unknown",
    ]

    /// The kernel family OpenBLAS selected at load time, e.g. "SkylakeX" or "Prescott".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses inside one call.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the number of threads OpenBLAS uses inside one call (clamped to at least 1).
    ///
    /// Trainers that run several processes on few cores should use 1: BLAS threads of different
    /// processes would otherwise compete for the same cores and spin in each other's way.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// The fastest OpenBLAS kernel family this CPU supports, judged from the flags in
    /// `/proc/cpuinfo`, or nil if the flags cannot be read or the CPU has no AVX2.
    ///
    /// Cooperlake kernels are SkylakeX kernels plus bfloat16 ones, so they are chosen only when
    /// the CPU has `avx512_bf16`; Haswell kernels need AVX2 and FMA.
    public static func bestCoreType(cpuFlags: Set<String>? = readCPUFlags()) -> String? {
        guard let flags = cpuFlags else { return nil }
        let avx512 = ["avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"].allSatisfy(flags.contains)
        if avx512 && flags.contains("avx512_bf16") { return "Cooperlake" }
        if avx512 { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }

    /// The flags of the first processor listed in `/proc/cpuinfo`, or nil when unreadable.
    public static func readCPUFlags() -> Set<String>? {
        guard let text = readSmallFile("/proc/cpuinfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return nil
    }

    /// What `ensureFastKernels` found when it did not re-execute the process.
    public enum KernelCheck: Sendable, Equatable {
        /// OpenBLAS already runs a specific (non-generic) kernel family.
        case fast(coreName: String)
        /// `OPENBLAS_CORETYPE` was set by the caller; it is respected as is.
        case coreTypeForced(value: String, coreName: String)
        /// The process was already re-executed once and the core is still generic.
        case stillGenericAfterReexec(coreName: String)
        /// No better kernel family is known for this CPU.
        case noBetterKernels(coreName: String)
        /// `execv` failed; the process continues with the slow kernels.
        case reexecFailed(errno: Int32)
    }

    /// Makes sure OpenBLAS runs kernels that fit this CPU, re-executing the current program if
    /// it does not. Call it first thing in `main`, before any other work or thread exists.
    ///
    /// When `OPENBLAS_CORETYPE` is unset, the loaded kernels are generic (see `genericCoreNames`)
    /// and this is not already a re-executed process, it sets `OPENBLAS_CORETYPE` to
    /// `bestCoreType()` and the marker variable, then `execv`s `/proc/self/exe` with `arguments`.
    /// On success that call never returns. Otherwise the returned value says why nothing
    /// happened, so the caller can log it.
    ///
    /// - Parameters:
    ///   - arguments: the full argument vector to re-execute with, normally
    ///     `CommandLine.arguments` (its first element is the program name shown by `ps`).
    ///   - genericCores: lower-cased core names that count as slow; defaults to
    ///     `genericCoreNames`, which covers every fallback OpenBLAS uses for an unknown x86 CPU.
    @discardableResult
    public static func ensureFastKernels(
        arguments: [String] = CommandLine.arguments, genericCores: Set<String> = genericCoreNames
    ) -> KernelCheck {
        let core = coreName
        if let forced = getenv(coreTypeVariable) {
            return .coreTypeForced(value: String(cString: forced), coreName: core)
        }
        guard genericCores.contains(core.lowercased()) else { return .fast(coreName: core) }
        guard getenv(reexecMarkerVariable) == nil else { return .stillGenericAfterReexec(coreName: core) }
        guard let target = bestCoreType() else { return .noBetterKernels(coreName: core) }
        setenv(coreTypeVariable, target, 1)
        setenv(reexecMarkerVariable, "1", 1)
        let failure = execSelf(arguments: arguments)
        // Leave the environment as it was so that child processes are not misled.
        unsetenv(coreTypeVariable)
        unsetenv(reexecMarkerVariable)
        return .reexecFailed(errno: failure)
    }

    /// `execv("/proc/self/exe", arguments)`; returns errno if it returns at all.
    private static func execSelf(arguments: [String]) -> Int32 {
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        if cArguments.isEmpty { cArguments.append(strdup("seedfl")) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        // execv replaces the process image: anything still buffered in stdio would be lost.
        fflush(nil)
        _ = cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
            // Never empty (the nil terminator is always there), so the base address exists.
            execv("/proc/self/exe", buffer.baseAddress.unsafelyUnwrapped)
        }
        return errno
    }

    /// Reads a small text file (such as a `/proc` file, whose size `stat` reports as 0).
    private static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // /proc/cpuinfo repeats the flags for every processor; the first one is enough.
            if bytes.count > 1 << 16 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
