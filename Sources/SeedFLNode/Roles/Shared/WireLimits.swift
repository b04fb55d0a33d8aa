import SeedFLWire

extension RunConfig {
    /// Decoding limits for this run: no frame larger than the largest valid message of
    /// this run can be, no counts beyond what K, P, M and d allow. Every socket's
    /// `ZMQ_MAXMSGSIZE` is set from ``DecodeLimits/maximumFrameSize``.
    public func wireLimits(dimension: Int, historyRecords: Int) -> DecodeLimits {
        DecodeLimits.forRun(k: UInt16(clamping: zo.steps), p: UInt16(clamping: zo.perturbations),
                            participants: clients, dimension: algorithm.isDense ? dimension : 0,
                            historyRecords: historyRecords)
    }
}

/// Decodes one received ZeroMQ message (exactly one frame expected), counting refusals.
public enum Inbound {
    public static func decode(_ frames: [[UInt8]], limits: DecodeLimits, drops: DropCounter) -> Message? {
        guard frames.count == 1 else {
            drops.drop("frame-count", detail: "\(frames.count) frames")
            return nil
        }
        do {
            return try Message.decode(frames[0], limits: limits)
        } catch {
            drops.drop("malformed", detail: "\(error)")
            return nil
        }
    }
}
