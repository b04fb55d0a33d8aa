import SeedFLWire

import Foundation
import SeedFLCore

extension RunConfig {
    /// Decoding limits for this run: no frame larger than the largest valid message of
    /// this run can be, no counts beyond what K, P, M and d allow, bound to the run
    /// (``runBinding(roundTimeoutMilliseconds:runID:)``) so brief frames decode. Every
    /// socket's `ZMQ_MAXMSGSIZE` is set from ``DecodeLimits/maximumFrameSize``.
    public func wireLimits(dimension: Int, deployment: Deployment, runID: UInt64? = nil) -> DecodeLimits {
        var limits = DecodeLimits.forRun(k: UInt16(clamping: zo.steps), p: UInt16(clamping: zo.perturbations),
                                         participants: clients, dimension: algorithm.isDense ? dimension : 0,
                                         historyRecords: deployment.broker.historyChunk)
        limits.binding = runBinding(roundTimeoutMilliseconds: deployment.broker.roundTimeoutMilliseconds, runID: runID)
        return limits
    }

    /// What every process of this run knows without being told (docs/protocol.md, "Brief
    /// forms"): its id (the run seed, unless given), K, P, mode, the round seeds
    /// (``RoundPlan/seed(runSeed:round:pool:)``) and the round timeout.
    public func runBinding(roundTimeoutMilliseconds: Int, runID: UInt64? = nil) -> RunBinding {
        let runSeed = seed, pool = zo.optimizer.seedPool
        return RunBinding(runID: runID ?? seed, k: UInt16(clamping: zo.steps), p: UInt16(clamping: zo.perturbations),
                          mode: algorithm.isDense ? .denseDelta : .seedScalars,
                          roundTimeoutMilliseconds: UInt64(max(0, roundTimeoutMilliseconds)),
                          seed: { RoundPlan.seed(runSeed: runSeed, round: $0, pool: pool) },
                          now: { UInt64(Date().timeIntervalSince1970 * 1000) })
    }
}

extension RunConfig {
    /// The length of the dense vectors on the wire: the trainable dimension for the dense
    /// baselines (FedZO, FedMeZO), 0 for seed-and-scalar algorithms, whose frames never
    /// depend on d. The language model's d comes from the configuration
    /// (`model.language.parameters`) when declared; otherwise, and for the other models
    /// (whose d follows from the configuration alone), from the model built without data.
    public func wireDimension() throws -> Int {
        guard algorithm.isDense else { return 0 }
        if model.kind == .smollm, let declared = model.language.parameters { return declared }
        return try ModelFactory.bareModel(self).space.dimension
    }
}

/// Decodes one received ZeroMQ message (exactly one frame expected), counting refusals.
public enum Inbound {
    public static func decode(_ frames: [[UInt8]], limits: DecodeLimits, drops: DropCounter) -> Message? {
        guard frames.count == 1 else {
            drops.drop(.frameCount, detail: "\(frames.count) frames")
            return nil
        }
        do {
            return try Message.decode(frames[0], limits: limits)
        } catch {
            drops.drop(.malformed, detail: "\(error)")
            return nil
        }
    }
}
