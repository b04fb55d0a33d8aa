/// Which training run a ledger belongs to.
///
/// A ledger is only meaningful together with the base model and configuration it was
/// produced with: replaying run A's rounds on run B's configuration yields a model nobody
/// trained. The identity is stored in the ledger's `meta` table when the ledger is created,
/// and a writer refuses to open a ledger whose stored identity differs from its own.
public struct RunIdentity: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The run's identifier, chosen when the run is started.
    public var runID: UInt64
    /// Fingerprint (e.g. SHA-256 hex) of the run's configuration, base model included.
    public var configFingerprint: String

    /// Creates an identity from its two parts.
    public init(runID: UInt64, configFingerprint: String) {
        self.runID = runID
        self.configFingerprint = configFingerprint
    }

    /// "run <id> config <fingerprint>", as used in `.runMismatch` messages.
    public var description: String { "run \(runID) config \(configFingerprint)" }
}
