import CoreMetrics
import ZeroMQ

/// One role's metrics, through swift-metrics: whatever backend the process bootstrapped
/// (`seedfl`'s roles: Prometheus, when `metrics` is configured; otherwise none, and every
/// call here costs a dictionary look-up).
///
/// Used on the role's own thread. Counts that the role already keeps as running totals
/// (drops, socket counters) are mirrored: each call adds what grew since the last one, so
/// the exported counter equals the role's own count at the moment of the call.
final class RoleMetrics {
    /// The `role` label of every series.
    let role: String
    /// Whether this process exports metrics (its command started an endpoint before the role
    /// was built). Without it every call here is swift-metrics' no-op, and the roles skip the
    /// periodic updates whose inputs cost something to read (a sort of the live peers, a `stat`).
    let isRecording = MetricsExposure.url != nil
    private var counters: [SeriesKey: Counter] = [:]
    private var gauges: [SeriesKey: Gauge] = [:]
    private var timers: [SeriesKey: CoreMetrics.Timer] = [:]
    private var secondCounters: [SeriesKey: FloatingPointCounter] = [:]
    /// Last mirrored value per counter series.
    private var mirrored: [SeriesKey: Int64] = [:]

    init(role: String) { self.role = role }

    private struct SeriesKey: Hashable {
        var name: String
        var labels: [String]
    }

    private func key(_ name: String, _ labels: [(String, String)]) -> SeriesKey {
        SeriesKey(name: name, labels: labels.flatMap { [$0.0, $0.1] })
    }

    private func dimensions(_ labels: [(String, String)]) -> [(String, String)] { [("role", role)] + labels }

    /// Adds `amount` to the counter `name`.
    /// `by: 0` only creates the series (so that "none yet" reads 0 rather than missing).
    func count(_ name: String, _ labels: [(String, String)] = [], by amount: Int = 1) {
        let c = counter(name, labels)
        if amount > 0 { c.increment(by: Int64(amount)) }
    }

    /// Makes the counter `name` equal `total` (a running total the role keeps): adds the growth
    /// since the last call. A total that went down (never, for the totals mirrored here) adds nothing.
    func mirror(_ name: String, _ labels: [(String, String)] = [], total: Int64) {
        let k = key(name, labels)
        let last = mirrored[k] ?? 0
        // Created even at zero: a series that exists from the start shows "none yet" as 0.
        let c = counter(name, labels)
        if total > last { c.increment(by: total - last) }
        mirrored[k] = max(last, total)
    }

    /// Adds `seconds` to the counter of seconds `name` (a `_seconds_total`).
    func addSeconds(_ name: String, _ seconds: Double) {
        let k = key(name, [])
        let c = secondCounters[k] ?? FloatingPointCounter(label: name, dimensions: dimensions([]))
        secondCounters[k] = c
        if seconds > 0 { c.increment(by: seconds) }
    }

    /// Sets the gauge `name`.
    func gauge(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        let k = key(name, labels)
        let g = gauges[k] ?? Gauge(label: name, dimensions: dimensions(labels))
        gauges[k] = g
        g.record(value)
    }

    /// Records one observation of the histogram `name` (seconds).
    func duration(_ name: String, _ value: Duration) {
        timer(name).recordNanoseconds(Self.nanoseconds(value))
    }

    /// The timer `name` itself, to hand to another thread (swift-metrics handles are thread-safe).
    func timer(_ name: String) -> CoreMetrics.Timer {
        let k = key(name, [])
        let t = timers[k] ?? CoreMetrics.Timer(label: name, dimensions: dimensions([]), preferredDisplayUnit: .seconds)
        timers[k] = t
        return t
    }

    /// The counter `name` itself, to hand to another thread.
    func counter(_ name: String, _ labels: [(String, String)] = []) -> Counter {
        let k = key(name, labels)
        let c = counters[k] ?? Counter(label: name, dimensions: dimensions(labels))
        counters[k] = c
        return c
    }

    /// Mirrors a ``DropCounter``'s counts into `name` (default: every refused message).
    func mirrorDrops(_ counts: [String: Int], as name: String = MetricName.messagesDropped) {
        for (reason, n) in counts { mirror(name, [("reason", reason)], total: Int64(n)) }
    }

    /// Mirrors each named socket's counters.
    func mirrorSockets(_ sockets: [(name: String, counters: SocketCounters)]) {
        for (name, c) in sockets {
            let labels = [("socket", name)]
            mirror(MetricName.socketSentBytes, labels, total: Int64(clamping: c.bytesSent))
            mirror(MetricName.socketReceivedBytes, labels, total: Int64(clamping: c.bytesReceived))
            mirror(MetricName.socketSentMessages, labels, total: Int64(clamping: c.messagesSent))
            mirror(MetricName.socketReceivedMessages, labels, total: Int64(clamping: c.messagesReceived))
            mirror(MetricName.socketRejectedMessages, labels, total: Int64(clamping: c.messagesRejected))
        }
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let c = d.components
        return c.seconds &* 1_000_000_000 &+ c.attoseconds / 1_000_000_000
    }
}
