extension LlamaModel {
    /// Causal grouped-query attention of every sequence, written into `output`
    /// (`tokens × hidden`, head `h` in columns `h·headDimension ..< (h+1)·headDimension`).
    ///
    /// Query head `h` reads key/value head `h / headsPerKeyValueHead`, so the K and V of a
    /// key/value head are computed once and shared by its query heads. Two sgemms per
    /// (sequence, head): scores `Q·Kᵀ/√d` and the weighted sum `softmax(scores)·V`; the product
    /// of sequences in one batch is never formed, so sequences cannot see each other.
    func attend(_ queryKeyValue: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, plan: LlamaForwardPlan) {
        let h = config.hiddenSize
        let d = config.headDimension
        let qkvWidth = h + 2 * config.keyValueWidth
        let scale = Float(1 / Double(d).squareRoot())
        let scores = workspace.scores.reserve(plan.maximumLength * plan.maximumLength)
        for (sequence, start) in plan.starts.enumerated() {
            let length = plan.lengths[sequence]
            let rows = queryKeyValue + start * qkvWidth
            for head in 0..<config.headCount {
                let keyValueHead = head / config.headsPerKeyValueHead
                let query = rows + head * d
                let key = rows + h + keyValueHead * d
                let value = rows + h + config.keyValueWidth + keyValueHead * d
                Sgemm.timesTransposed(
                    m: length, n: length, k: d, alpha: scale,
                    a: query, lda: qkvWidth, b: key, ldb: qkvWidth,
                    c: scores, ldc: length)
                LlamaKernels.causalSoftmax(scores, length: length)
                Sgemm.times(
                    m: length, n: d, k: length,
                    a: scores, lda: length, b: value, ldb: qkvWidth,
                    c: output + start * h + head * d, ldc: h)
            }
        }
    }
}
