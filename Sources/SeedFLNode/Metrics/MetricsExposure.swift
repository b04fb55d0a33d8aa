import Foundation

/// Where this process serves its metrics, once it does: written into every status file it
/// writes (`metrics_url`), so `seedfl status --run DIR` and tests find the endpoints, port 0
/// included. Set once by the command that starts the endpoint, before the role starts.
public enum MetricsExposure {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: String?

    /// The URL Prometheus scrapes (`http://HOST:PORT/metrics`), nil when metrics are off.
    public static var url: String? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
