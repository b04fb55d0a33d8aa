/// What the values of a DENSE_COMMIT are. Raw value 0 is reserved.
public enum DenseContent: UInt8, Sendable, CaseIterable {
    /// The averaged trainer update for the round; the commit's learning rate records the
    /// step size the algorithm applies it with.
    case delta = 1
    /// The new global trainable vector itself, to be copied as is.
    case model = 2
}
