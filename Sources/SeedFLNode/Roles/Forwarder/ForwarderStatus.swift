import Foundation

/// The forwarder's `status/forwarder.json`.
///
/// `wire_bytes` stays at zero and `wire_bytes_counted` says so: `zmq_proxy_steerable`
/// moves frames inside libzmq, where the Swift socket counters never see them.
public struct ForwarderStatus: Codable, Sendable, Equatable {
    /// Always `forwarder`.
    public var role: String = "forwarder"
    /// The process id, so an operator can signal the process the file describes.
    public var pid: Int32 = ProcessInfo.processInfo.processIdentifier
    /// False while forwarding; true once it stopped cleanly on request (a forwarder has no
    /// rounds of its own to finish).
    public var done: Bool
    /// The forwarder decodes nothing, so it never refuses a message itself (oversized
    /// frames are dropped by libzmq's `ZMQ_MAXMSGSIZE`, invisibly to the application).
    public var drops: [String: Int] = [:]
    /// Present for the common status shape; see `wireBytesCounted`.
    public var wireBytes = StatusWireBytes()
    /// Always false; see the type's documentation.
    public var wireBytesCounted = false

    enum CodingKeys: String, CodingKey {
        case role, pid, done, drops
        case wireBytes = "wire_bytes"
        case wireBytesCounted = "wire_bytes_counted"
    }

    /// A status for a forwarder that is (`running`) or is no longer running.
    public init(running: Bool) { done = !running }

    /// `<runDirectory>/status/forwarder.json`.
    public static func path(runDirectory: String) -> String { "\(runDirectory)/status/forwarder.json" }

    /// Writes the JSON atomically (temporary file, then rename).
    public func write(to path: String) throws { try StatusFileJSON.write(self, to: path) }

    /// Reads a file written by ``write(to:)``.
    public static func read(from path: String) throws -> ForwarderStatus {
        try JSONDecoder().decode(ForwarderStatus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
