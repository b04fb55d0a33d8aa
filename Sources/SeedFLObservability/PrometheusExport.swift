import CoreMetrics
import Foundation
import Prometheus

/// The process's metrics backend: swift-metrics bootstrapped with a Prometheus registry, and
/// the endpoint that serves the registry's text (plus the standard `process_*` metrics).
///
/// swift-metrics allows one bootstrap per process; a role process starts its export once,
/// before the role is built, so every handle the role creates lands in this registry.
public enum PrometheusExport {
    /// Bootstraps swift-metrics with a new registry whose timers use `durationBuckets`
    /// (seconds), and serves it on `host:port`.
    /// - Throws: ``MetricsEndpointError`` when the address cannot be bound.
    public static func start(host: String, port: Int, durationBuckets: [Double]) throws(MetricsEndpointError)
        -> MetricsEndpoint {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets.map { Duration.nanoseconds(Int64($0 * 1e9)) }
        let endpoint = try MetricsEndpoint(host: host, port: port) {
            var text = registry.emitToBuffer()
            text += Array(ProcessMetrics.read().prometheusText.utf8)
            return text
        }
        MetricsSystem.bootstrap(factory)
        return endpoint
    }
}
