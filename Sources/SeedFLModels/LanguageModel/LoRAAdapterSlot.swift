/// One LoRA adapter: where its `A` (`rank × columns`) and `B` (`rows × rank`) live in the flat
/// trainable vector, and which engine tensor it adapts.
public struct LoRAAdapterSlot: Sendable, Hashable {
    /// The adapted projection.
    public let target: LoRATarget
    /// The block.
    public let layer: Int
    /// The adapted engine tensor (its `rows × columns` shape is the adapter's outer shape).
    public let tensor: LlamaTensor
    /// The adapter rank.
    public let rank: Int
    /// Offset of `A` (row-major `rank × tensor.columns`) in the trainable vector.
    public let aOffset: Int
    /// Offset of `B` (row-major `tensor.rows × rank`) in the trainable vector.
    public let bOffset: Int

    /// Number of values of `A`.
    public var aCount: Int { rank * tensor.columns }
    /// Number of values of `B`.
    public var bCount: Int { tensor.rows * rank }

    /// The parameter-space name of `A`, after llama.cpp's LoRA GGUF convention.
    public var aName: String { "\(tensor.name).lora_a" }
    /// The parameter-space name of `B`.
    public var bName: String { "\(tensor.name).lora_b" }
}
