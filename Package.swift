// swift-tools-version:6.0
// SeedFL: federated zeroth-order fine-tuning with dimension-free communication.
// Module map and dependency direction: docs/architecture.md (Core at the bottom, tools at the top).
import PackageDescription

/// The Gaussian kernel is the hottest loop in the system; it is plain C so that clang
/// vectorises it, and `-ffp-contract=off` keeps every float operation exactly as written
/// (no fused multiply-add), which is what makes the stream reproducible from its spec.
let kernelFlags: [CSetting] = [
    .unsafeFlags(["-O3", "-ffp-contract=off", "-fno-fast-math"]),
]

let package = Package(
    name: "SeedFL",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seedfl", targets: ["seedfl"]),
        .library(name: "SeedFLCore", targets: ["SeedFLCore"]),
        .library(name: "SeedFLNode", targets: ["SeedFLNode"]),
        .library(name: "SeedFLLauncher", targets: ["SeedFLLauncher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Observability: swift-log for the roles' lines; the swift-metrics API in the roles,
        // Prometheus text behind it, served by a small SwiftNIO HTTP/1.1 endpoint
        // (docs/operations.md says why NIO).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C shims and kernels.
        .target(name: "CSeedFLKernels", cSettings: kernelFlags),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),

        // Swift modules, bottom to top.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "SeedFLCore", dependencies: [
            "CSeedFLKernels",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "SeedFLData", dependencies: ["SeedFLCore"]),
        .target(name: "SeedFLWire"),
        .target(name: "SeedFLModels", dependencies: ["SeedFLCore", "SeedFLData", "CBLAS"]),
        .target(name: "SeedFLStore", dependencies: ["SeedFLCore", "CSQLite"]),
        .target(name: "SeedFLNode", dependencies: [
            "SeedFLCore", "SeedFLData", "SeedFLWire", "SeedFLModels", "SeedFLStore", "ZeroMQ",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Serving what the roles measure: the Prometheus registry behind swift-metrics and the
        // HTTP endpoint that exposes it. Only the `seedfl` tool starts it.
        .target(name: "SeedFLObservability", dependencies: [
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // Tools around the roles: start and watch a run, verify, chaos; the HTML report; the
        // wire fuzzer. None of them opens a socket.
        .target(name: "SeedFLLauncher", dependencies: ["SeedFLNode", "SeedFLCore", "SeedFLStore"]),
        .target(name: "SeedFLReport", dependencies: ["SeedFLNode"]),
        .target(name: "SeedFLWireFuzzing", dependencies: ["SeedFLWire", "SeedFLCore"]),
        // Every target declares exactly the modules it imports.
        .executableTarget(name: "seedfl", dependencies: [
            "SeedFLNode", "SeedFLLauncher", "SeedFLReport", "SeedFLWireFuzzing", "SeedFLObservability",
            "SeedFLCore", "SeedFLData", "SeedFLModels", "SeedFLStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "SeedFLCoreTests", dependencies: ["SeedFLCore"]),
        .testTarget(name: "SeedFLDataTests", dependencies: ["SeedFLData", "SeedFLCore"]),
        .testTarget(name: "SeedFLWireTests", dependencies: ["SeedFLWire"]),
        .testTarget(name: "SeedFLModelsTests", dependencies: ["SeedFLModels", "SeedFLCore", "SeedFLData"]),
        .testTarget(name: "SeedFLStoreTests", dependencies: ["SeedFLStore", "SeedFLCore", "CSQLite"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "CZeroMQ"]),
        // Tests in three layers: unit tests beside each module above; in-process tests of the
        // roles over real sockets and threads (SeedFLNodeTests); and process tests of the real
        // binary (SeedFLProcessTests), which depends on `seedfl` so that `swift test` always
        // builds it from the same sources (Scripts/test.sh points them at the release build).
        .testTarget(name: "SeedFLProcessTests", dependencies: [
            "seedfl", "SeedFLNode", "SeedFLLauncher", "SeedFLReport", "SeedFLCore", "SeedFLModels", "SeedFLStore",
            "SeedFLWire", "ZeroMQ",
        ]),
        .testTarget(name: "SeedFLNodeTests", dependencies: [
            "SeedFLNode", "SeedFLLauncher", "SeedFLReport", "SeedFLWireFuzzing", "SeedFLCore", "SeedFLModels", "SeedFLStore", "SeedFLWire", "ZeroMQ",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
