import SeedFLCore
import SeedFLWire

/// Converts between the algorithm's values and the wire's messages. Kept in one place so
/// the simulator's byte counts are those of the very frames the distributed roles send.
public enum WireMapping {
    public static func roundOpen(runID: UInt64, round: UInt64, seed: UInt64, run: RunConfig,
                                 participants: [UInt32], deadline: UInt64, baseSequence: UInt64) -> Message {
        .roundOpen(RoundOpen(runID: runID, round: round, seed: seed, k: UInt16(clamping: run.zo.steps),
                             p: UInt16(clamping: run.zo.perturbations), participants: participants,
                             deadlineUnixMilliseconds: deadline, baseSequence: baseSequence,
                             mode: run.algorithm.isDense ? .denseDelta : .seedScalars))
    }

    public static func contribution(runID: UInt64, round: UInt64, baseSequence: UInt64, trainer: UInt32, nonce: UInt64,
                                    run: RunConfig, result: LocalResult) -> Message {
        if let delta = result.delta {
            return .denseContribution(DenseContribution(runID: runID, round: round, baseSequence: baseSequence,
                                                        trainerID: trainer, nonce: nonce,
                                                        baseLoss: result.baseLoss,
                                                        exampleCount: UInt32(clamping: result.examples), values: delta))
        }
        return .contribution(Contribution(runID: runID, round: round, baseSequence: baseSequence,
                                          trainerID: trainer, nonce: nonce,
                                          k: UInt16(clamping: run.zo.steps), p: UInt16(clamping: run.zo.perturbations),
                                          scalars: result.scalars, baseLoss: result.baseLoss,
                                          exampleCount: UInt32(clamping: result.examples)))
    }

    public static func commit(runID: UInt64, _ r: CommittedRound) -> Message {
        if let dense = r.dense {
            return .denseCommit(DenseCommit(sequence: r.sequence, runID: runID, round: r.round, seed: r.seed,
                                            learningRate: r.learningRate, contributors: r.contributors,
                                            content: .delta, values: dense, meanBaseLoss: r.meanLoss))
        }
        return .roundCommit(RoundCommit(sequence: r.sequence, runID: runID, round: r.round, seed: r.seed,
                                        k: UInt16(r.steps), p: UInt16(r.perturbations), learningRate: r.learningRate,
                                        scalars: r.scalars, contributors: r.contributors, meanBaseLoss: r.meanLoss))
    }
}

extension WireMapping {
    /// The ledger record a ROUND_COMMIT describes.
    public static func committed(_ c: RoundCommit) -> CommittedRound {
        CommittedRound(sequence: c.sequence, round: c.round, seed: c.seed, steps: Int(c.k), perturbations: Int(c.p),
                       learningRate: c.learningRate, scalars: c.scalars, contributors: c.contributors,
                       meanLoss: c.meanBaseLoss)
    }

    /// The ledger record a DENSE_COMMIT describes (`steps`/`perturbations` from the run).
    public static func committed(_ c: DenseCommit, run: RunConfig) -> CommittedRound {
        CommittedRound(sequence: c.sequence, round: c.round, seed: c.seed, steps: run.zo.steps,
                       perturbations: run.zo.perturbations, learningRate: c.learningRate, scalars: [],
                       contributors: c.contributors, meanLoss: c.meanBaseLoss, dense: c.values)
    }

    /// The ledger record of a history record.
    public static func committed(_ r: HistoryRecord, run: RunConfig) -> CommittedRound {
        switch r {
        case .commit(let c): committed(c)
        case .dense(let c): committed(c, run: run)
        }
    }
}
