import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server for one document: the Prometheus text a role's metrics render
/// to, at `GET /metrics`.
///
/// Why SwiftNIO: it is the HTTP stack the Swift server ecosystem builds on, and its request
/// parser (llhttp) bounds what a peer can make it hold: a request head beyond 80 KB is a
/// parse error, answered 400 and closed. Lighter servers build faster (FlyingFox: ~17 s of a
/// clean release build here, NIO's HTTP1 and Posix: ~84 s, Hummingbird: minutes), but
/// FlyingFox collects a request line and headers with no bound, and a process must not grow
/// without bound on what a peer sends. This endpoint adds the remaining bounds itself: at
/// most ``maxConnections`` connections, ``maxBodyBytes`` of request body (refused 413), a
/// read timeout of ``idleTimeout``, one request per connection.
///
/// One event-loop thread of its own: a scrape never runs on a role's socket thread, and the
/// role never waits for a scrape (the metrics it reads are swift-metrics handles, which are
/// thread-safe).
public final class MetricsEndpoint: Sendable {
    /// Connections served at once; more are closed as they are accepted.
    public static let maxConnections = 16
    /// Request body bytes read before the request is refused (a scrape has none).
    public static let maxBodyBytes = 64 << 10
    /// A connection that sends nothing for this long is closed.
    public static let idleTimeout = TimeAmount.seconds(10)

    /// The address bound and the port the system gave (the configured one, unless it was 0).
    public let host: String
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Binds `host:port` and serves `render()`'s bytes at `/metrics` until ``stop()``.
    /// - Throws: ``MetricsEndpointError`` when the address cannot be bound (in use, not local).
    public init(host: String, port: Int, render: @escaping @Sendable () -> [UInt8]) throws(MetricsEndpointError) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let admission = ConnectionAdmission(limit: Self.maxConnections)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                guard admission.admit() else { return channel.close() }
                channel.closeFuture.whenComplete { _ in admission.release() }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(IdleStateHandler(readTimeout: Self.idleTimeout))
                    try pipeline.addHandler(MetricsHTTPHandler(render: render, maxBodyBytes: Self.maxBodyBytes))
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw MetricsEndpointError(description: "cannot listen on \(host):\(port) for metrics: \(error)")
        }
        self.group = group
        self.host = host
        self.port = channel.localAddress?.port ?? port
    }

    /// The URL Prometheus scrapes (an IPv6 host in brackets).
    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/metrics" }

    /// Closes the listening socket and every connection, and ends the event-loop thread.
    public func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Why the metrics endpoint could not start.
public struct MetricsEndpointError: Error, CustomStringConvertible {
    public let description: String
}

/// Counts open connections against a limit (the accept path and the close callbacks run on
/// the endpoint's event loop, but NIO's closures are `@Sendable`, hence the lock).
final class ConnectionAdmission: Sendable {
    private let open = NIOLockedValueBox(0)
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a slot; false when all are taken (the connection is closed at once).
    func admit() -> Bool {
        open.withLockedValue { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    func release() { open.withLockedValue { $0 -= 1 } }
}
