import Foundation
import SeedFLNode

/// A report the command line prints as one JSON object (`--json`).
public protocol JSONReport: Encodable {}

extension JSONReport {
    /// One JSON object, keys sorted (stable output for scripts and diffs).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
