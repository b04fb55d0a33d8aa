import XCTest
@testable import SeedFLModels

final class LlamaBLASRuntimeTests: XCTestCase {
    func testBestCoreTypeFollowsTheCPUFlags() {
        let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"]
        XCTAssertEqual(OpenBLASRuntime.bestCoreType(cpuFlags: avx512.union(["avx512_bf16"])), "Cooperlake")
        XCTAssertEqual(OpenBLASRuntime.bestCoreType(cpuFlags: avx512), "SkylakeX")
        XCTAssertEqual(OpenBLASRuntime.bestCoreType(cpuFlags: ["avx2", "fma", "avx512f"]), "Haswell")
        XCTAssertNil(OpenBLASRuntime.bestCoreType(cpuFlags: ["sse2", "sse3"]))
        XCTAssertNil(OpenBLASRuntime.bestCoreType(cpuFlags: nil))
    }

    func testThreadCountRoundTrips() {
        let original = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreads(original) }
        OpenBLASRuntime.setThreads(1)
        XCTAssertEqual(OpenBLASRuntime.threadCount, 1)
        OpenBLASRuntime.setThreads(0)
        XCTAssertEqual(OpenBLASRuntime.threadCount, 1, "clamped to at least one thread")
    }

    func testThisMachineReportsACoreAndFlags() throws {
        XCTAssertFalse(OpenBLASRuntime.coreName.isEmpty)
        #if os(Linux)
        let flags = try XCTUnwrap(OpenBLASRuntime.readCPUFlags())
        XCTAssertTrue(flags.contains("sse2"), "every x86-64 CPU has SSE2")
        #endif
    }

    func testSgemmHelperComputesTheProductItNames() {
        // A[2×3] · B[2×3]ᵀ: the shape every projection uses.
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [1, 0, -1, 2, 1, 0]
        var c = [Float](repeating: 7, count: 4)
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            Sgemm.timesTransposed(m: 2, n: 2, k: 3, a: a.baseAddress!, lda: 3, b: b.baseAddress!, ldb: 3,
                                  beta: 1, c: c.baseAddress!, ldc: 2)
        } } }
        // Rows of A times rows of B: (1·1 + 3·(-1), 1·2 + 2·1; 4 - 6, 8 + 5), plus the 7 already in C.
        let expected: [Float] = [5, 11, 5, 20]
        XCTAssertEqual(c, expected)
    }
}
