/// A Llama-architecture decoder whose forward pass runs every matrix product on OpenBLAS sgemm.
///
/// One instance owns its weights and its scratch buffers, so it is used from one thread at a
/// time (hence not `Sendable`); run one model per trainer. Scratch buffers grow to the largest
/// batch seen and are then reused: the hot loop allocates nothing per layer.
public final class LlamaModel {
    /// The hyper-parameters.
    public let config: LlamaConfig
    /// The parameters, read by every forward pass (through the transform seam, if one is given).
    public private(set) var weights: LlamaWeights

    /// The tensors one block reads, grouped by the sgemm that consumes them. Stored once so that
    /// the forward pass does not build arrays per layer.
    struct BlockTensors {
        let attentionNorm: [LlamaTensor]
        let queryKeyValue: [LlamaTensor]
        let attentionOutput: [LlamaTensor]
        let feedForwardNorm: [LlamaTensor]
        let gateUp: [LlamaTensor]
        let down: [LlamaTensor]
    }

    let blocks: [BlockTensors]
    let outputNorm: [LlamaTensor]
    let workspace = LlamaWorkspace()
    let rotary: RotaryTable

    /// A model over `weights` (whose `config` it adopts).
    public init(weights: LlamaWeights) {
        self.config = weights.config
        self.weights = weights
        blocks = (0..<weights.config.layerCount).map { layer in
            BlockTensors(
                attentionNorm: [weights.tensor(.attentionNorm, layer: layer)],
                queryKeyValue: [.query, .key, .value].map { weights.tensor($0, layer: layer) },
                attentionOutput: [weights.tensor(.attentionOutput, layer: layer)],
                feedForwardNorm: [weights.tensor(.feedForwardNorm, layer: layer)],
                gateUp: [.gate, .up].map { weights.tensor($0, layer: layer) },
                down: [weights.tensor(.down, layer: layer)])
        }
        outputNorm = [weights.tensor(.outputNorm)]
        rotary = RotaryTable(headDimension: weights.config.headDimension, base: weights.config.ropeBase)
    }

    /// Loads the weights `config` needs from `source` (see `LlamaWeights.init(config:source:)`).
    public convenience init(config: LlamaConfig, source: some LlamaWeightSource) throws {
        try self.init(weights: LlamaWeights(config: config, source: source))
    }

    /// Changes parameter values in place (for example to apply a committed update). The layout
    /// is fixed; see `LlamaWeights` for the flat index order.
    public func updateParameters<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try weights.withUnsafeMutableParameters(body)
    }

    /// Runs the model on `batch` and returns what `request` asks for.
    ///
    /// Each sequence attends causally to itself only, with positions counted from 0 at its
    /// first token. Every weight is read through `transform` when one is given (see
    /// `LlamaWeightTransform` for the order of calls); the stored weights are never written.
    ///
    /// - Throws: `LlamaError.invalidInput` if a token id, an output position or a vocabulary
    ///   row is out of range.
    public func forward(
        _ batch: LlamaBatch,
        request: LlamaOutputRequest = LlamaOutputRequest(),
        transform: (any LlamaWeightTransform)? = nil
    ) throws -> LlamaOutput {
        let plan = try LlamaForwardPlan(batch: batch, request: request, config: config)
        return weights.withUnsafeParameters { parameters in
            run(plan, parameters: parameters, transform: transform)
        }
    }

    private func run(
        _ plan: LlamaForwardPlan, parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> LlamaOutput {
        let tokens = plan.tokens.count
        let h = config.hiddenSize
        let qkvWidth = h + 2 * config.keyValueWidth
        let ffn = config.intermediateSize
        let residual = workspace.residual.reserve(tokens * h)
        let normed = workspace.normed.reserve(tokens * h)
        let queryKeyValue = workspace.queryKeyValue.reserve(tokens * qkvWidth)
        let attention = workspace.attention.reserve(tokens * h)
        let gateUp = workspace.gateUp.reserve(tokens * 2 * ffn)
        let activated = workspace.activated.reserve(tokens * ffn)
        rotary.ensure(positions: plan.maximumLength)

        embed(plan.tokens, into: residual, parameters: parameters, transform: transform)
        for block in blocks {
            let attentionNorm = resolve(block.attentionNorm, parameters, transform)
            LlamaKernels.rmsNorm(
                residual, into: normed, rows: tokens, width: h, weight: attentionNorm,
                epsilon: config.rmsNormEpsilon)
            Sgemm.timesTransposed(
                m: tokens, n: qkvWidth, k: h, a: normed, lda: h,
                b: resolve(block.queryKeyValue, parameters, transform), ldb: h,
                c: queryKeyValue, ldc: qkvWidth)
            applyRotary(queryKeyValue, plan: plan)
            attend(queryKeyValue, into: attention, plan: plan)
            // beta = 1 adds the projection onto the residual stream in the same sgemm.
            Sgemm.timesTransposed(
                m: tokens, n: h, k: h, a: attention, lda: h,
                b: resolve(block.attentionOutput, parameters, transform), ldb: h,
                beta: 1, c: residual, ldc: h)

            let feedForwardNorm = resolve(block.feedForwardNorm, parameters, transform)
            LlamaKernels.rmsNorm(
                residual, into: normed, rows: tokens, width: h, weight: feedForwardNorm,
                epsilon: config.rmsNormEpsilon)
            Sgemm.timesTransposed(
                m: tokens, n: 2 * ffn, k: h, a: normed, lda: h,
                b: resolve(block.gateUp, parameters, transform), ldb: h,
                c: gateUp, ldc: 2 * ffn)
            LlamaKernels.swiGLU(gateUp, into: activated, rows: tokens, width: ffn)
            Sgemm.timesTransposed(
                m: tokens, n: h, k: ffn, a: activated, lda: ffn,
                b: resolve(block.down, parameters, transform), ldb: ffn,
                beta: 1, c: residual, ldc: h)
        }
        return finish(plan, residual: residual, parameters: parameters, transform: transform)
    }

    /// Rotates the query and key heads of every token by its position in its sequence.
    private func applyRotary(_ queryKeyValue: UnsafeMutablePointer<Float>, plan: LlamaForwardPlan) {
        let h = config.hiddenSize
        let qkvWidth = h + 2 * config.keyValueWidth
        for (sequence, start) in plan.starts.enumerated() {
            for position in 0..<plan.lengths[sequence] {
                let row = queryKeyValue + (start + position) * qkvWidth
                rotary.rotate(row, heads: config.headCount, position: position)
                rotary.rotate(row + h, heads: config.keyValueHeadCount, position: position)
            }
        }
    }

    /// The weights of a group of adjacent tensors consumed by one sgemm: the stored values, or
    /// the transform's values in scratch (with the untransformed members copied alongside, so
    /// that the group stays one contiguous matrix).
    func resolve(
        _ group: [LlamaTensor], _ parameters: UnsafeBufferPointer<Float>, _ transform: (any LlamaWeightTransform)?
    ) -> UnsafePointer<Float> {
        // The layout is never empty (a validated config has a vocabulary), so the base exists.
        let base = parameters.baseAddress.unsafelyUnwrapped
        let first = group[0]
        guard let transform else { return base + first.offset }
        let last = group[group.count - 1]
        let scratch = workspace.weights.reserve(last.offset + last.count - first.offset)
        var changed: UInt = 0
        for (member, tensor) in group.enumerated() {
            let slice = UnsafeMutableBufferPointer(start: scratch + (tensor.offset - first.offset), count: tensor.count)
            let stored = UnsafeBufferPointer(rebasing: parameters[tensor.range])
            if transform.materialize(tensor, rows: .all, base: stored, scratch: slice) {
                changed |= 1 << UInt(member)
            }
        }
        guard changed != 0 else { return base + first.offset }
        for (member, tensor) in group.enumerated() where changed & (1 << UInt(member)) == 0 {
            (scratch + (tensor.offset - first.offset)).update(from: base + tensor.offset, count: tensor.count)
        }
        return UnsafePointer(scratch)
    }
}
