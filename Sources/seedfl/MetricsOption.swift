import ArgumentParser
import SeedFLNode
import SeedFLObservability

extension RoleLocation {
    /// Starts this process's Prometheus endpoint when `--metrics` or the topology asks for
    /// one (`--metrics` wins), and records its URL for the status files; nil when metrics are
    /// off. Keep the endpoint until the role stops.
    func startMetrics(_ topology: TopologyFile, role: MetricsRole, log: RoleLog) throws -> MetricsEndpoint? {
        let listen: MetricsListen?
        if let metrics {
            do { listen = try MetricsListen(parsing: metrics) } catch {
                throw ValidationError("--metrics: \(error.description)")
            }
        } else {
            do { listen = try topology.deployment.metricsListen(for: role) } catch {
                throw ValidationError("\(topology.path): metrics: \(error.description)")
            }
        }
        guard let listen else { return nil }
        let endpoint = try PrometheusExport.start(host: listen.host, port: listen.port,
                                                  durationBuckets: MetricName.durationBuckets)
        MetricsExposure.url = endpoint.url
        log.info("metrics at \(endpoint.url)")
        return endpoint
    }
}
