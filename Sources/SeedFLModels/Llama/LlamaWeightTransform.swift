/// The seam through which every weight of a forward pass is read, so that a caller can evaluate
/// the model at `W + μ·Z_W` (or any other function of `W`) without ever writing `W`.
///
/// Right before a tensor is used, the forward pass calls `materialize` with the tensor, the rows
/// it is about to read, the tensor's stored values and a scratch buffer. The transform either
/// writes the rows it wants used into `scratch` and returns true, or leaves `scratch` alone and
/// returns false, in which case the stored values are used unchanged.
///
/// Calls per forward pass, in this order: the token embedding with the distinct token ids of the
/// batch (ascending), then for each block the attention norm, Q, K, V, the attention output, the
/// FFN norm, gate, up and down (each with `.all`), then the final norm, then the output head
/// with the requested vocabulary rows (only when logits are requested; for a tied model that is
/// the token embedding again, with different rows). A tensor may be asked for twice in one pass,
/// so a transform must be a pure function of (tensor, row) for the pass to be consistent.
public protocol LlamaWeightTransform {
    /// Produces the values to use for `rows` of `tensor`.
    ///
    /// - Parameters:
    ///   - tensor: which tensor; `tensor.offset + row · tensor.columns + column` is the flat
    ///     parameter index of an element (the index space of the perturbation `z`).
    ///   - rows: the rows needed; for `.rows(list)`, row `list[r]` goes to `scratch` row `r`.
    ///   - base: the whole stored tensor, `tensor.count` floats, row-major.
    ///   - scratch: room for exactly `rows.count(of: tensor.rows) · tensor.columns` floats.
    /// - Returns: true if `scratch` now holds the values to use, false to use `base` as is.
    func materialize(
        _ tensor: LlamaTensor, rows: LlamaRowSelection,
        base: UnsafeBufferPointer<Float>, scratch: UnsafeMutableBufferPointer<Float>
    ) -> Bool
}
