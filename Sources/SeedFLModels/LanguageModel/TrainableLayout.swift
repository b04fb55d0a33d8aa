import SeedFLCore

/// The map between the flat trainable vector `x` (the ZO parameter space) and the engine's
/// tensors.
///
/// * `full` and `norms`: engine tensor `t` is trainable or frozen; a trainable one is read
///   from `x[offset_t ..< offset_t + count_t]` (row `r` at `offset_t + r·columns`).
/// * `lora`: every engine tensor is frozen; an adapted one gets `A` and `B` from `x`.
/// * `ia3`: the final norm is read from `x` like `norms`; a scaled projection (K, V, FFN up)
///   multiplies its stored row `r` by `x[scale_t + r]`.
///
/// The space lists every engine tensor (by GGUF name, shape `[rows, columns]`, vectors
/// `[columns]`) in canonical order, followed for LoRA by the adapters (per block, per target
/// in block order, `A` then `B`) and for (IA)^3 by the scale vectors (`<tensor name>.ia3`,
/// `[rows]`, per block in storage order: K, V, up); only the trainable ones take room in `x`.
struct TrainableLayout: Sendable {
    /// The parameter space (trainable tensors selected).
    let space: ParameterSpace
    /// For `full` / `norms` / `ia3`: offset in `x` of engine tensor `i`, nil when frozen (or
    /// only scaled). Empty for LoRA.
    let directOffsets: [Int?]
    /// For `ia3`: offset in `x` of the per-row scales of engine tensor `i`, nil when unscaled.
    /// Empty otherwise.
    let rowScales: [Int?]
    /// For LoRA: the adapter of engine tensor `i`, nil when it has none. Empty otherwise.
    let adapters: [LoRAAdapterSlot?]
    /// The adapters in flat order (LoRA only).
    let adapterList: [LoRAAdapterSlot]
    /// The lowest block any trainable value reads (`layerCount` when only the final norm is
    /// trainable); nil when the token embedding is trainable, so that nothing below the
    /// trainable part is frozen. Blocks below it are a pure function of the stored weights and
    /// the tokens: their output can be computed once per example and cached.
    let firstTrainableBlock: Int?

    /// - Parameter topBlocks: train only the top `topBlocks` blocks (with the final norm for
    ///   `full` and `norms`); nil trains every block.
    init(tensors: [LlamaTensor], trainable: TrainableTensors, topBlocks: Int? = nil) throws {
        let baseSpecs = tensors.map { TensorSpec(name: $0.name, shape: $0.rows == 1 ? [$0.columns] : [$0.rows, $0.columns]) }
        let layerCount = (tensors.compactMap(\.layer).max() ?? -1) + 1
        if let topBlocks, !(0...layerCount).contains(topBlocks) {
            throw LanguageModelError(.invalidOptions, "trainable blocks must be in 0...\(layerCount), got \(topBlocks)")
        }
        let lowest = layerCount - (topBlocks ?? layerCount)
        // A block tensor is in the trainable part when its block is among the top ones; global
        // tensors (embedding, final norm, untied head) have no block.
        func inTrainableBlocks(_ tensor: LlamaTensor) -> Bool { tensor.layer.map { $0 >= lowest } ?? true }
        switch trainable {
        case .full, .norms:
            let normRoles: Set<LlamaTensor.Role> = [.attentionNorm, .feedForwardNorm, .outputNorm]
            var chosen = tensors.filter(inTrainableBlocks)
            if case .norms = trainable { chosen = chosen.filter { normRoles.contains($0.role) } }
            // The token embedding sits below every block: with only the top blocks trainable it
            // stays frozen (and so does the head tied to it).
            if topBlocks != nil { chosen = chosen.filter { $0.role != .tokenEmbedding } }
            let selection: ParameterSpace.Selection = chosen.count == tensors.count ? .all : .named(chosen.map(\.name))
            let space = try ParameterSpace(tensors: baseSpecs, selection: selection)
            self.space = space
            directOffsets = tensors.map { space.range(of: $0.name)?.lowerBound }
            rowScales = []
            adapters = []
            adapterList = []
            firstTrainableBlock = chosen.contains { $0.role == .tokenEmbedding }
                ? nil : chosen.compactMap(\.layer).min() ?? layerCount
        case .lora(let options):
            guard options.rank >= 1 else {
                throw LanguageModelError(.invalidOptions, "LoRA rank must be at least 1, got \(options.rank)")
            }
            guard options.alpha.isFinite else {
                throw LanguageModelError(.invalidOptions, "LoRA alpha must be finite, got \(options.alpha)")
            }
            guard !options.targets.isEmpty, Set(options.targets).count == options.targets.count else {
                throw LanguageModelError(.invalidOptions, "LoRA targets must be non-empty and distinct: \(options.targets)")
            }
            let roles = Dictionary(uniqueKeysWithValues: options.targets.map { ($0.role, $0) })
            var slots: [LoRAAdapterSlot?] = Array(repeating: nil, count: tensors.count)
            var list: [LoRAAdapterSlot] = []
            var specs: [TensorSpec] = []
            var offset = 0
            // Engine order is block by block, roles in storage order: the adapters follow it.
            for tensor in tensors where inTrainableBlocks(tensor) {
                guard let target = roles[tensor.role], let layer = tensor.layer else { continue }
                let slot = LoRAAdapterSlot(
                    target: target, layer: layer, tensor: tensor, rank: options.rank,
                    aOffset: offset, bOffset: offset + options.rank * tensor.columns)
                offset += slot.aCount + slot.bCount
                slots[tensor.index] = slot
                list.append(slot)
                specs.append(TensorSpec(name: slot.aName, shape: [options.rank, tensor.columns]))
                specs.append(TensorSpec(name: slot.bName, shape: [tensor.rows, options.rank]))
            }
            guard !list.isEmpty else {
                throw LanguageModelError(.invalidOptions, "LoRA on the top \(topBlocks ?? layerCount) blocks adapts nothing")
            }
            space = try ParameterSpace(tensors: baseSpecs + specs, selection: .named(specs.map(\.name)))
            directOffsets = []
            rowScales = []
            adapters = slots
            adapterList = list
            firstTrainableBlock = list.map(\.layer).min()
        case .ia3:
            let scaledRoles: Set<LlamaTensor.Role> = [.key, .value, .up]
            let scaled = tensors.filter { scaledRoles.contains($0.role) && $0.layer != nil && inTrainableBlocks($0) }
            let finalNorm = tensors.filter { $0.role == .outputNorm }
            let scaleSpecs = scaled.map { TensorSpec(name: Self.scaleName(of: $0), shape: [$0.rows]) }
            let space = try ParameterSpace(tensors: baseSpecs + scaleSpecs,
                                           selection: .named(finalNorm.map(\.name) + scaleSpecs.map(\.name)))
            self.space = space
            directOffsets = tensors.map { $0.role == .outputNorm ? space.range(of: $0.name)?.lowerBound : nil }
            var offsets: [Int?] = Array(repeating: nil, count: tensors.count)
            for tensor in scaled { offsets[tensor.index] = space.range(of: Self.scaleName(of: tensor))?.lowerBound }
            rowScales = offsets
            adapters = []
            adapterList = []
            firstTrainableBlock = scaled.compactMap(\.layer).min() ?? layerCount
        }
    }

    /// The parameter-space name of the (IA)^3 scales of `tensor`.
    static func scaleName(of tensor: LlamaTensor) -> String { tensor.name + ".ia3" }
}
