/// What trainers send back for a round (ROUND_OPEN). Raw value 0 is reserved.
public enum AlgorithmMode: UInt8, Sendable, CaseIterable {
    /// DeComFL-style: K*P projected-gradient scalars (CONTRIBUTION), dimension-free.
    case seedScalars = 1
    /// FedZO/FedMeZO baseline: the whole trainable delta (DENSE_CONTRIBUTION).
    case denseDelta = 2
}
