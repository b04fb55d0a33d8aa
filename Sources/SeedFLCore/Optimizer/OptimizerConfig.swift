/// The server-side optimiser applied to every committed round (and, identically, to a
/// trainer's local steps). Both options default to off, which is plain ZO-SGD as in
/// DeComFL's Algorithm 1.
public struct OptimizerConfig: Hashable, Sendable, Codable {
    /// Decoupled-from-nothing SGD weight decay `lambda`: each step adds `lambda * x` to the
    /// estimated gradient. 0 disables it.
    public var weightDecay: Float
    /// Momentum factor `beta` of DeComFL appendix A.1 (eqs. 8-9):
    /// `m = beta*m + (1-beta)*G`, `x -= lr*m`. 0 disables momentum (and its state).
    public var momentum: Float

    public init(weightDecay: Float = 0, momentum: Float = 0) {
        self.weightDecay = weightDecay
        self.momentum = momentum
    }

    /// True when the optimiser keeps a momentum vector that must be replayed with the model.
    public var hasState: Bool { momentum != 0 }
}
