import Foundation

/// Line-oriented logging to standard error with a role prefix (`[broker]`,
/// `[trainer 3]`); `seedfl up` interleaves children's lines, so each must say who it is.
public struct RoleLog: Sendable {
    public let prefix: String

    public init(_ prefix: String) { self.prefix = prefix }

    public func info(_ message: String) { write("\(prefix) \(message)") }
    public func warn(_ message: String) { write("\(prefix) warning: \(message)") }
    public func error(_ message: String) { write("\(prefix) error: \(message)") }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
