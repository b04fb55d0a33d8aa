extension LlamaModel {
    /// Writes the embedding row of every packed token into `residual`.
    ///
    /// With a transform, only the distinct token ids of the batch are materialised (ascending),
    /// never the whole `vocabulary × hidden` table.
    func embed(
        _ tokens: [Int], into residual: UnsafeMutablePointer<Float>,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) {
        let h = config.hiddenSize
        let table = weights.tensor(.tokenEmbedding)
        let stored = parameters.baseAddress.unsafelyUnwrapped + table.offset
        if let transform {
            let distinct = Array(Set(tokens)).sorted()
            let scratch = workspace.embeddingRows.reserveBuffer(distinct.count * h)
            let base = UnsafeBufferPointer(rebasing: parameters[table.range])
            if transform.materialize(table, rows: .rows(distinct), base: base, scratch: scratch) {
                var slot: [Int: Int] = [:]
                for (index, token) in distinct.enumerated() { slot[token] = index }
                for (row, token) in tokens.enumerated() {
                    // Every token is in `distinct` by construction.
                    let source = scratch.baseAddress.unsafelyUnwrapped + (slot[token] ?? 0) * h
                    (residual + row * h).update(from: source, count: h)
                }
                return
            }
        }
        for (row, token) in tokens.enumerated() {
            (residual + row * h).update(from: stored + token * h, count: h)
        }
    }

    /// Final norm of the requested rows, then logits against the requested output-head rows.
    /// `rows[r]` is the row of `residual` that holds output `r`.
    func finish(
        _ plan: LlamaForwardPlan, residual: UnsafePointer<Float>, rows: [Int],
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> LlamaOutput {
        let h = config.hiddenSize
        let count = rows.count
        let hidden = workspace.outputHidden.reserve(max(1, count) * h)
        let norm = resolve(outputNorm, parameters, transform)
        for (index, row) in rows.enumerated() {
            LlamaKernels.rmsNorm(
                residual + row * h, into: hidden + index * h, rows: 1, width: h, weight: norm,
                epsilon: config.rmsNormEpsilon)
        }
        var output = LlamaOutput(
            positions: plan.positions, hidden: [], hiddenSize: h, logits: [], vocabularyRowCount: 0)
        if plan.includeHidden {
            output.hidden = Array(UnsafeBufferPointer(start: hidden, count: count * h))
        }
        guard let vocabulary = plan.vocabulary else { return output }
        let head = weights.outputHead
        let columns = vocabulary.count(of: head.rows)
        let matrix = headRows(head, vocabulary, parameters: parameters, transform: transform)
        output.vocabularyRowCount = columns
        if count > 0 && columns > 0 {
            output.logits = [Float](unsafeUninitializedCapacity: count * columns) { buffer, initialized in
                Sgemm.timesTransposed(
                    m: count, n: columns, k: h, a: hidden, lda: h, b: matrix, ldb: h,
                    c: buffer.baseAddress.unsafelyUnwrapped, ldc: columns)
                initialized = count * columns
            }
        }
        return output
    }

    /// The requested output-head rows as one contiguous matrix: transformed, stored in place
    /// (all rows, no transform), or gathered.
    private func headRows(
        _ head: LlamaTensor, _ vocabulary: LlamaRowSelection,
        parameters: UnsafeBufferPointer<Float>, transform: (any LlamaWeightTransform)?
    ) -> UnsafePointer<Float> {
        let h = config.hiddenSize
        let stored = parameters.baseAddress.unsafelyUnwrapped + head.offset
        let count = vocabulary.count(of: head.rows)
        if let transform {
            let scratch = workspace.headRows.reserveBuffer(count * h)
            let base = UnsafeBufferPointer(rebasing: parameters[head.range])
            if transform.materialize(head, rows: vocabulary, base: base, scratch: scratch) {
                return UnsafePointer(scratch.baseAddress.unsafelyUnwrapped)
            }
        }
        switch vocabulary {
        case .all:
            return stored
        case .rows(let rows):
            let gathered = workspace.headRows.reserve(max(1, rows.count) * h)
            for (index, row) in rows.enumerated() {
                (gathered + index * h).update(from: stored + row * h, count: h)
            }
            return UnsafePointer(gathered)
        }
    }
}
