/// Token buckets that bound what each peer may ask of the broker per second (HELLOs,
/// HEARTBEATs and requests on the control socket; history records served), plus one bucket
/// shared by everyone, so peers that keep changing names cannot get more between them.
///
/// A peer is its authenticated identity under `security:`, else its ROUTER routing id (which a
/// plaintext peer chooses, hence the shared bucket). At most ``maximumPeers`` buckets are
/// kept; a new peer beyond that replaces the one heard from longest ago, so a flood of names
/// cannot grow the table.
struct RequestBudget {
    /// Sustained units per second, per peer.
    let rate: Double
    /// Units a silent peer may spend at once.
    let burst: Double
    /// Sustained units per second for all peers together.
    let sharedRate: Double
    static let maximumPeers = 4096

    private var buckets: [[UInt8]: Bucket] = [:]
    private var shared: Bucket
    /// When ``forgetRested(now:)`` last swept.
    private var lastSweep: ContinuousClock.Instant

    struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant

        mutating func refill(rate: Double, burst: Double, now: ContinuousClock.Instant) {
            tokens = min(burst, tokens + rate * max(0, (now - at).inSeconds))
            at = now
        }
    }

    init(rate: Double, burst: Double, sharedRate: Double, now: ContinuousClock.Instant = .now) {
        self.rate = rate
        self.burst = burst
        self.sharedRate = sharedRate
        shared = Bucket(tokens: sharedRate, at: now)
        lastSweep = now
    }

    /// Takes up to `wanted` units for `peer`; returns how many were granted (0: none left).
    mutating func take(upTo wanted: Int, peer: [UInt8], now: ContinuousClock.Instant) -> Int {
        guard wanted > 0 else { return 0 }
        if buckets[peer] == nil && buckets.count >= Self.maximumPeers,
           let oldest = buckets.min(by: { $0.value.at < $1.value.at })?.key {
            buckets.removeValue(forKey: oldest)
        }
        var own = buckets[peer] ?? Bucket(tokens: burst, at: now)
        own.refill(rate: rate, burst: burst, now: now)
        shared.refill(rate: sharedRate, burst: sharedRate, now: now)
        let granted = Int(min(Double(wanted), own.tokens.rounded(.down), shared.tokens.rounded(.down)))
        own.tokens -= Double(max(0, granted))
        shared.tokens -= Double(max(0, granted))
        buckets[peer] = own
        return max(0, granted)
    }

    /// Forgets every peer whose bucket has filled up again: a full bucket is what a new peer
    /// gets, so forgetting it changes no decision, and the table shrinks back to nothing once
    /// peers go quiet or leave (memory returns to its baseline).
    /// Sweeps at most once a second, so calling it every heartbeat costs nothing in between.
    mutating func forgetRested(now: ContinuousClock.Instant) {
        guard !buckets.isEmpty, now - lastSweep >= .seconds(1) else { return }
        lastSweep = now
        buckets = buckets.filter { $0.value.tokens + rate * max(0, (now - $0.value.at).inSeconds) < burst }
    }

    /// Peers with a bucket now (bounded by ``maximumPeers``).
    var peers: Int { buckets.count }
}
