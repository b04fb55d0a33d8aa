/// The role of a HEARTBEAT's sender. Raw value 0 is reserved so zeroed bytes are refused.
public enum SenderRole: UInt8, Sendable, CaseIterable {
    /// The seed authority and ledger writer.
    case broker = 1
    /// A (possibly edge) aggregator.
    case aggregator = 2
    /// A trainer.
    case trainer = 3
}
