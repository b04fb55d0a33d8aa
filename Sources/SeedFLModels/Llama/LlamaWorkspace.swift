/// The intermediates of one forward pass, sized for the largest batch seen so far.
final class LlamaWorkspace {
    /// Residual stream, `tokens × hidden`.
    let residual = LlamaScratchBuffer()
    /// Normalised residual, `tokens × hidden`.
    let normed = LlamaScratchBuffer()
    /// Fused Q | K | V projections, `tokens × (hidden + 2·keyValueWidth)`.
    let queryKeyValue = LlamaScratchBuffer()
    /// Attention output before its projection, `tokens × hidden`.
    let attention = LlamaScratchBuffer()
    /// Scores of one head of one sequence, `length × length`.
    let scores = LlamaScratchBuffer()
    /// Fused gate | up projections, `tokens × 2·intermediate`.
    let gateUp = LlamaScratchBuffer()
    /// `silu(gate) · up`, `tokens × intermediate`.
    let activated = LlamaScratchBuffer()
    /// Transformed weights of one tensor group (only used with a weight transform).
    let weights = LlamaScratchBuffer()
    /// Gathered or transformed embedding rows.
    let embeddingRows = LlamaScratchBuffer()
    /// Gathered or transformed output-head rows.
    let headRows = LlamaScratchBuffer()
    /// The last block's residual rows that the output reads (`outputs × hidden`).
    let compactResidual = LlamaScratchBuffer()
    /// The last block's attention output rows that the output reads (`outputs × hidden`).
    let compactAttention = LlamaScratchBuffer()
    /// Final-norm hidden states of the requested positions.
    let outputHidden = LlamaScratchBuffer()
}
