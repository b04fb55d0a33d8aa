import SeedFLCore
import SeedFLWire

/// Converts between the algorithm's values and the wire's messages. Kept in one place so
/// the simulator's byte counts are those of the very frames the distributed roles send.
public enum WireMapping {
    public static func roundOpen(runID: UInt64, round: UInt64, seed: UInt64, run: RunConfig,
                                 participants: [UInt32], deadline: UInt64) -> Message {
        .roundOpen(RoundOpen(runID: runID, round: round, seed: seed, k: UInt16(run.zo.steps),
                             p: UInt16(run.zo.perturbations), participants: participants,
                             deadlineUnixMilliseconds: deadline,
                             mode: run.algorithm.isDense ? .denseDelta : .seedScalars))
    }

    public static func contribution(runID: UInt64, round: UInt64, trainer: UInt32, nonce: UInt64,
                                    run: RunConfig, result: LocalResult) -> Message {
        if let delta = result.delta {
            return .denseContribution(DenseContribution(runID: runID, round: round, trainerID: trainer, nonce: nonce,
                                                        baseLoss: result.baseLoss,
                                                        exampleCount: UInt32(result.examples), values: delta))
        }
        return .contribution(Contribution(runID: runID, round: round, trainerID: trainer, nonce: nonce,
                                          k: UInt16(run.zo.steps), p: UInt16(run.zo.perturbations),
                                          scalars: result.scalars, baseLoss: result.baseLoss,
                                          exampleCount: UInt32(result.examples)))
    }

    public static func commit(runID: UInt64, _ r: CommittedRound) -> Message {
        if let dense = r.dense {
            return .denseCommit(DenseCommit(sequence: r.sequence, runID: runID, round: r.round,
                                            learningRate: r.learningRate, contributors: r.contributors,
                                            content: .delta, values: dense))
        }
        return .roundCommit(RoundCommit(sequence: r.sequence, runID: runID, round: r.round, seed: r.seed,
                                        k: UInt16(r.steps), p: UInt16(r.perturbations), learningRate: r.learningRate,
                                        scalars: r.scalars, contributors: r.contributors, meanBaseLoss: r.meanLoss))
    }
}
