import SeedFLCore

/// Applies broadcast commits to a replay state strictly in sequence, the ZeroMQ Guide's Clone
/// pattern as every passive subscriber (trainer, evaluator) follows it: a commit that is not
/// newer than the state is dropped, one that leaves a gap is held until the gap is filled, and
/// the next one is applied, followed by any held ones it unblocks.
struct CommitFollower {
    /// Commits held beyond this are dropped (and re-fetched from history later): a peer cannot
    /// make a follower grow without bound.
    static let maximumPending = 4096

    /// The model at the last applied sequence.
    private(set) var state: ReplayState
    /// Commits received ahead of a gap, waiting for the history that fills it.
    private var pending: [UInt64: CommittedRound] = [:]

    init(state: ReplayState) { self.state = state }

    /// What one received commit led to.
    enum Outcome {
        /// Not newer than the state: nothing to do (normal after a history reply).
        case old
        /// Ahead of the next sequence: held; the caller should ask for the missing history.
        case gap
        /// Applied, in order, with any held commits it unblocked.
        case applied
        /// The next commit, but it does not fit this model; nothing after it was applied.
        case unappliable(Error)
    }

    /// Takes `commit`; `afterEach` runs after every commit applied, with the state at that
    /// commit (an evaluator scores the model there; a trainer updates its signals).
    /// `rebuild: false` lets a pooled state defer rebuilding its parameters (a trainer
    /// replaying a backlog rebuilds once, at its end, with ``rebuild()``); `afterEach` must
    /// then not read them.
    mutating func receive(_ commit: CommittedRound, rebuild: Bool = true,
                          afterEach: (CommittedRound, ReplayState) -> Void) -> Outcome {
        guard commit.sequence > state.appliedSequence else { return .old }
        if commit.sequence > state.appliedSequence + 1 {
            if pending.count < Self.maximumPending { pending[commit.sequence] = commit }
            return .gap
        }
        var next: CommittedRound? = commit
        while let c = next {
            do {
                try state.apply(c, rebuild: rebuild)
            } catch {
                return .unappliable(error)
            }
            pending.removeValue(forKey: c.sequence)
            afterEach(c, state)
            next = pending[state.appliedSequence + 1]
        }
        pending = pending.filter { $0.key > state.appliedSequence }
        return .applied
    }

    /// Rebuilds a pooled state's parameters if rounds were applied without (see ``receive``).
    mutating func rebuild() { state.rebuild() }

    /// Replaces the state (a verified snapshot), dropping held commits it already covers.
    /// Returns the held commit that now comes next, if any, for the caller to ``receive`` it.
    mutating func reset(to state: ReplayState) -> CommittedRound? {
        self.state = state
        pending = pending.filter { $0.key > state.appliedSequence }
        return pending[state.appliedSequence + 1]
    }
}
