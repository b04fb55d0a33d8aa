/// Where a role serves its Prometheus metrics: a host (an IP address or a name) and a TCP
/// port. `127.0.0.1:9101`, `0.0.0.0:9101`, `[::1]:9101`; port 0 asks the system for a free
/// port (the role writes the one it got into its status file as `metrics_url`).
///
/// The endpoint is plain HTTP and unauthenticated, like every Prometheus exporter: it says
/// how a run is going (rounds, drops, bytes, trainer ids), never a model value or a key, but
/// keep it on loopback or a private network (docs/operations.md).
public struct MetricsListen: Hashable, Sendable, CustomStringConvertible {
    /// The address to bind, without brackets.
    public var host: String
    /// The TCP port, 0...65535 (0: any free port).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (`[V6]:PORT` for an IPv6 address).
    /// - Throws: a message saying what is wrong with `text` (the caller names the field).
    public init(parsing text: String) throws(MetricsListenError) {
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw MetricsListenError("'\(text)' is not [IPV6]:PORT")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw MetricsListenError("'\(text)' is not HOST:PORT (write an IPv6 address as [ADDRESS]:PORT)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.count <= 253,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:_%".contains($0)) }) else {
            throw MetricsListenError("'\(host)' is not a host name or IP address")
        }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw MetricsListenError("'\(portText)' is not a TCP port in 0...65535")
        }
        self.init(host: String(host), port: port)
    }

    /// The same host with the port moved by `offset` (trainer processes: the configured port
    /// plus the process's first trainer id). Port 0 stays 0.
    public func offset(by offset: Int) throws(MetricsListenError) -> MetricsListen {
        guard port != 0 else { return self }
        guard port + offset <= 65_535 else {
            throw MetricsListenError("port \(port) + trainer id \(offset) is beyond 65535")
        }
        return MetricsListen(host: host, port: port + offset)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a metrics address does not parse.
public struct MetricsListenError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension MetricsListen {
    /// A `metrics: { listen: "HOST:PORT" }` mapping under `f[key]`, or nil when absent.
    static func parse(_ f: inout YAMLFields, _ key: String = "metrics") throws(ConfigError) -> MetricsListen? {
        guard let node = f.node(key) else { return nil }
        var m = try YAMLFields(node, file: f.file, path: f.field(key))
        let text = try m.string("listen", default: "")
        try m.rejectUnknownKeys()
        if text.isEmpty { throw m.error("listen", "is required (HOST:PORT, e.g. 127.0.0.1:9101)") }
        do { return try MetricsListen(parsing: text) } catch { throw m.error("listen", error.description) }
    }
}
