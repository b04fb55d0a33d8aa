/// What every process of one run already knows, so that the three messages sent every round
/// can leave it out: the brief forms of ROUND_OPEN, ROUND_COMMIT and CONTRIBUTION
/// (``BriefCodec``) carry no run id, no seed, no K, P or mode, and no deadline.
///
/// A receiver decodes a brief frame only with a binding (``DecodeLimits/binding``), and fills
/// the missing fields from it: the run id and shape from the configuration, the round's seed
/// from the run's seed schedule (the broker draws every round's seed from it, so it is a
/// function of the round), the deadline from the moment of decoding plus the round timeout.
/// A sender uses the brief form only when the message agrees with the binding; anything else
/// (another seed, another shape) goes out in full. Subscribers take brief broadcast frames
/// only while the broker's heartbeats on that connection name their run (``BroadcastRunBinding``
/// in the roles): that is the per-connection binding the run id on every frame used to give.
public struct RunBinding: Sendable {
    public var runID: UInt64
    public var k: UInt16
    public var p: UInt16
    public var mode: AlgorithmMode
    /// The round's seed as the broker draws it.
    public var seed: @Sendable (UInt64) -> UInt64
    /// How long a round may stay open (a decoded brief ROUND_OPEN's deadline is this after now).
    public var roundTimeoutMilliseconds: UInt64
    /// The wall clock in milliseconds since the Unix epoch.
    public var now: @Sendable () -> UInt64

    public init(runID: UInt64, k: UInt16, p: UInt16, mode: AlgorithmMode, roundTimeoutMilliseconds: UInt64,
                seed: @escaping @Sendable (UInt64) -> UInt64, now: @escaping @Sendable () -> UInt64) {
        self.runID = runID
        self.k = k
        self.p = p
        self.mode = mode
        self.seed = seed
        self.roundTimeoutMilliseconds = roundTimeoutMilliseconds
        self.now = now
    }
}

extension RunBinding: Equatable {
    /// Two bindings are equal when their values are: the seed schedule and the clock are
    /// functions, which cannot be compared, and are the run's own in every binding of it.
    public static func == (a: RunBinding, b: RunBinding) -> Bool {
        a.runID == b.runID && a.k == b.k && a.p == b.p && a.mode == b.mode
            && a.roundTimeoutMilliseconds == b.roundTimeoutMilliseconds
    }
}
