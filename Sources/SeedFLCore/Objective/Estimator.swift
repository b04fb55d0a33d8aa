/// How a trainer turns forward passes into a gradient scalar along `z`.
public enum Estimator: String, Sendable, Codable, CaseIterable {
    /// DeComFL eq. (3): `g = (f(x + mu*z) - f(x)) / mu`. The base loss `f(x)` is computed
    /// once per local step and shared by the P perturbations (1 + P forwards per step).
    case forward
    /// MeZO / FedMeZO two-point estimator: `g = (f(x + mu*z) - f(x - mu*z)) / (2*mu)`
    /// (2P forwards per step).
    case central
}
