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
    /// With `prefix`, the pass starts at block `prefix.blocks` from the given residual streams
    /// instead of embedding the tokens: the tokens then only fix the sequences' lengths, and no
    /// tensor below that block (nor the embedding) is read or handed to `transform`. When the
    /// residuals came from ``residualStream(of:blocks:)`` of the same stored weights, the result
    /// is what a pass over every block computes with those blocks frozen (bit for bit, see
    /// ``residualStream(of:blocks:)`` for why the prefix is computed one sequence at a time).
    ///
    /// The last block computes its attention output projection and feed-forward layer only for
    /// the rows the request reads (the last position of each sequence for a classifier): the
    /// rows no later layer needs are never computed.
    ///
    /// - Throws: `LlamaError.invalidInput` if a token id, an output position or a vocabulary
    ///   row is out of range, or the prefix does not match the batch.
    public func forward(
        _ batch: LlamaBatch,
        request: LlamaOutputRequest = LlamaOutputRequest(),
        transform: (any LlamaWeightTransform)? = nil,
        prefix: LlamaResidualPrefix? = nil
    ) throws -> LlamaOutput {
        let plan = try LlamaForwardPlan(batch: batch, request: request, config: config)
        if let prefix { try prefix.validate(against: plan, config: config) }
        return weights.withUnsafeParameters { parameters in
            let residual = workspace.residual.reserve(plan.tokens.count * config.hiddenSize)
            let firstBlock = prefix?.blocks ?? 0
            if let prefix {
                prefix.pack(into: residual, width: config.hiddenSize)
            } else {
                embed(plan.tokens, into: residual, parameters: parameters, transform: transform)
            }
            return finishBlocks(from: firstBlock, plan, residual: residual, parameters: parameters, transform: transform)
        }
    }

    /// The residual stream of `sequence` after its first `blocks` blocks, with the stored
    /// weights (no transform): `sequence.count × hiddenSize` floats, row per position.
    ///
    /// The sequence runs alone, never packed with others. A matrix product's rounding can
    /// depend on how many rows it has (BLAS kernels tile and pick code paths by shape), so a
    /// prefix computed inside one batch could differ in its last bits from the same prefix
    /// computed inside another. One sequence at a time makes the prefix a pure function of
    /// (stored weights, tokens), which is what lets a cache of it stand in for a recomputation.
    ///
    /// - Throws: `LlamaError.invalidInput` for an empty sequence, a token out of range, or
    ///   `blocks` outside `0...layerCount`.
    public func residualStream(of sequence: [Int], blocks: Int) throws -> [Float] {
        guard (0...config.layerCount).contains(blocks) else {
            throw LlamaError(.invalidInput, "prefix of \(blocks) blocks is outside 0...\(config.layerCount)")
        }
        let plan = try LlamaForwardPlan(batch: LlamaBatch(sequences: [sequence]),
                                        request: LlamaOutputRequest(positions: .all, vocabulary: nil), config: config)
        let count = plan.tokens.count * config.hiddenSize
        return weights.withUnsafeParameters { parameters in
            let residual = workspace.residual.reserve(count)
            embed(plan.tokens, into: residual, parameters: parameters, transform: nil)
            for layer in 0..<blocks {
                runBlock(layer, plan, residual: residual, parameters: parameters, transform: nil)
            }
            return Array(UnsafeBufferPointer(start: residual, count: count))
        }
    }

    /// Blocks `firstBlock...` on the packed `residual`, then the final norm and head.
    private func finishBlocks(
        from firstBlock: Int, _ plan: LlamaForwardPlan, residual: UnsafeMutablePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> LlamaOutput {
        let lastBlock = blocks.count - 1
        // Only the requested rows leave the last block, so it can skip the others' projection
        // and feed-forward rows; worth it only when that is a strict subset of the tokens.
        let trimLast = plan.outputRows.count < plan.tokens.count
        for layer in firstBlock..<blocks.count {
            if layer == lastBlock && trimLast {
                let compact = runLastBlock(layer, plan, residual: residual, parameters: parameters, transform: transform)
                return finish(plan, residual: compact, rows: Array(plan.outputRows.indices),
                              parameters: parameters, transform: transform)
            }
            runBlock(layer, plan, residual: residual, parameters: parameters, transform: transform)
        }
        return finish(plan, residual: residual, rows: plan.outputRows, parameters: parameters, transform: transform)
    }

    /// Normalises, projects to Q | K | V, rotates and attends: block `layer`'s attention up to
    /// (not including) its output projection, for every token. Returns the attention output.
    private func attentionInput(
        _ layer: Int, _ plan: LlamaForwardPlan, residual: UnsafePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> UnsafeMutablePointer<Float> {
        let block = blocks[layer]
        let tokens = plan.tokens.count
        let h = config.hiddenSize
        let qkvWidth = h + 2 * config.keyValueWidth
        let normed = workspace.normed.reserve(tokens * h)
        let queryKeyValue = workspace.queryKeyValue.reserve(tokens * qkvWidth)
        let attention = workspace.attention.reserve(tokens * h)
        rotary.ensure(positions: plan.maximumLength)
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
        return attention
    }

    /// One whole transformer block over every token of `residual` (updated in place).
    private func runBlock(
        _ layer: Int, _ plan: LlamaForwardPlan, residual: UnsafeMutablePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) {
        let attention = attentionInput(layer, plan, residual: residual, parameters: parameters, transform: transform)
        projectAndFeedForward(layer, rows: plan.tokens.count, attention: attention, residual: residual,
                              parameters: parameters, transform: transform)
    }

    /// The last block when only `plan.outputRows` are read afterwards: attention over every
    /// token (the keys and values of all positions are needed), then the output projection and
    /// the feed-forward layer for the output rows only, gathered into a compact buffer (row `r`
    /// is output `r`), which is returned.
    private func runLastBlock(
        _ layer: Int, _ plan: LlamaForwardPlan, residual: UnsafePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> UnsafeMutablePointer<Float> {
        let h = config.hiddenSize
        let rows = plan.outputRows.count
        let attention = attentionInput(layer, plan, residual: residual, parameters: parameters, transform: transform)
        let compactResidual = workspace.compactResidual.reserve(max(1, rows) * h)
        let compactAttention = workspace.compactAttention.reserve(max(1, rows) * h)
        for (index, row) in plan.outputRows.enumerated() {
            (compactResidual + index * h).update(from: residual + row * h, count: h)
            (compactAttention + index * h).update(from: attention + row * h, count: h)
        }
        projectAndFeedForward(layer, rows: rows, attention: compactAttention, residual: compactResidual,
                              parameters: parameters, transform: transform)
        return compactResidual
    }

    /// The second half of block `layer` for `rows` rows: the attention output projection added
    /// onto the residual, then the feed-forward layer added onto it.
    private func projectAndFeedForward(
        _ layer: Int, rows: Int, attention: UnsafePointer<Float>, residual: UnsafeMutablePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) {
        let block = blocks[layer]
        let h = config.hiddenSize
        let ffn = config.intermediateSize
        let normed = workspace.normed.reserve(rows * h)
        let gateUp = workspace.gateUp.reserve(rows * 2 * ffn)
        let activated = workspace.activated.reserve(rows * ffn)
        // beta = 1 adds the projection onto the residual stream in the same sgemm.
        Sgemm.timesTransposed(
            m: rows, n: h, k: h, a: attention, lda: h,
            b: resolve(block.attentionOutput, parameters, transform), ldb: h,
            beta: 1, c: residual, ldc: h)
        let feedForwardNorm = resolve(block.feedForwardNorm, parameters, transform)
        LlamaKernels.rmsNorm(
            residual, into: normed, rows: rows, width: h, weight: feedForwardNorm,
            epsilon: config.rmsNormEpsilon)
        Sgemm.timesTransposed(
            m: rows, n: 2 * ffn, k: h, a: normed, lda: h,
            b: resolve(block.gateUp, parameters, transform), ldb: h,
            c: gateUp, ldc: 2 * ffn)
        LlamaKernels.swiGLU(gateUp, into: activated, rows: rows, width: ffn)
        Sgemm.timesTransposed(
            m: rows, n: h, k: ffn, a: activated, lda: ffn,
            b: resolve(block.down, parameters, transform), ldb: ffn,
            beta: 1, c: residual, ldc: h)
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
