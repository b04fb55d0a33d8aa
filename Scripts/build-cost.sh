#!/usr/bin/env bash
# Clean release-build seconds of the HTTP-server candidates for the metrics endpoint
# (docs/operations.md, "Why SwiftNIO"): one scratch package per candidate, built from an
# empty .build after `swift package resolve`, so only compilation is timed.
# Usage: Scripts/build-cost.sh [WORK_DIR]   (default: a temporary directory)
set -euo pipefail
work="${1:-$(mktemp -d)}"

package() {  # name, dependency lines, product lines, imports
    mkdir -p "$work/$1/Sources/$1"
    cat > "$work/$1/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "$1", platforms: [.macOS(.v13)], dependencies: [$2],
                      targets: [.executableTarget(name: "$1", dependencies: [$3])])
SWIFT
    printf '%s\nprint("ok")\n' "$4" > "$work/$1/Sources/$1/main.swift"
    (cd "$work/$1" && swift package resolve >/dev/null 2>&1 && rm -rf .build/release .build/x86_64-unknown-linux-gnu \
        && start=$(date +%s.%N) && swift build -c release >/dev/null 2>&1 && end=$(date +%s.%N) \
        && printf '%-40s %6.1f s\n' "$5" "$(echo "$end - $start" | bc)") \
        || { echo "$5: the build failed (see $work/$1)" >&2; exit 1; }
}

prom='.package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"), .package(url: "https://github.com/apple/swift-log", from: "1.16.2")'
promProducts='.product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Logging", package: "swift-log")'
package only_prometheus "$prom" "$promProducts" $'import Prometheus\nimport Logging' "swift-prometheus + swift-log"
package with_flyingfox "$prom, .package(url: \"https://github.com/swhitty/FlyingFox\", from: \"0.27.1\")" \
    "$promProducts, .product(name: \"FlyingFox\", package: \"FlyingFox\")" $'import Prometheus\nimport Logging\nimport FlyingFox' \
    "the same + FlyingFox"
package with_nio '.package(url: "https://github.com/apple/swift-nio", from: "2.101.2")' \
    '.product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")' \
    $'import NIOHTTP1\nimport NIOPosix' "swift-nio (NIOHTTP1 + NIOPosix)"
