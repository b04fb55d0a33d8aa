/// The residual streams of a batch's sequences after their first `blocks` blocks: where a
/// forward pass over frozen lower blocks can resume (see `LlamaModel.forward(_:request:transform:prefix:)`).
///
/// `residuals[i]` belongs to sequence `i` of the batch and holds `length_i × hiddenSize`
/// floats, one row per position, as ``LlamaModel/residualStream(of:blocks:)`` returns them.
public struct LlamaResidualPrefix: Sendable {
    /// Blocks already applied; the pass resumes at this block index.
    public var blocks: Int
    /// One residual stream per sequence of the batch, in batch order.
    public var residuals: [[Float]]

    /// A prefix of `blocks` blocks with one residual stream per sequence.
    public init(blocks: Int, residuals: [[Float]]) {
        self.blocks = blocks
        self.residuals = residuals
    }

    /// Checks that there is one stream per sequence, each of `length × hidden` floats, and that
    /// `blocks` is a block index of the model (or the count of blocks: head only).
    func validate(against plan: LlamaForwardPlan, config: LlamaConfig) throws {
        guard (0...config.layerCount).contains(blocks) else {
            throw LlamaError(.invalidInput, "prefix of \(blocks) blocks is outside 0...\(config.layerCount)")
        }
        guard residuals.count == plan.lengths.count else {
            throw LlamaError(.invalidInput, "\(residuals.count) prefix streams for \(plan.lengths.count) sequences")
        }
        for (index, (stream, length)) in zip(residuals, plan.lengths).enumerated()
        where stream.count != length * config.hiddenSize {
            throw LlamaError(.invalidInput,
                             "prefix stream \(index) has \(stream.count) values, not \(length) × \(config.hiddenSize)")
        }
    }

    /// Copies the streams end to end into the packed residual buffer of a pass.
    func pack(into residual: UnsafeMutablePointer<Float>, width: Int) {
        var offset = 0
        for stream in residuals {
            stream.withUnsafeBufferPointer { (residual + offset).update(from: $0.baseAddress.unsafelyUnwrapped, count: $0.count) }
            offset += stream.count
        }
    }
}
