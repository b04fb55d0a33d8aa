/// All parameters of a Llama model as one flat Float32 vector, in a canonical tensor order.
///
/// Layout (the order is the flat index space of zeroth-order perturbations, so it is part of the
/// determinism contract and must not change silently):
///
/// 1. `token_embd` (`vocabulary × hidden`),
/// 2. for each block `0..<layerCount`: `attn_norm`, `attn_q`, `attn_k`, `attn_v`,
///    `attn_output`, `ffn_norm`, `ffn_gate`, `ffn_up`, `ffn_down`,
/// 3. `output_norm`,
/// 4. `output` (only when embeddings are not tied).
///
/// Each tensor is row-major `rows × columns` (see `LlamaTensor`): output features are rows, so
/// a projection is `Y = X · Wᵀ`, one `sgemm` with B transposed, and a weight row is contiguous
/// (cheap to gather for embedding lookups and for a few output-head rows). Q, K and V of a block
/// are adjacent and so form one `(hidden + 2·keyValueWidth) × hidden` matrix; so do gate and up.
public struct LlamaWeights: Sendable {
    /// The hyper-parameters the tensors were checked against.
    public let config: LlamaConfig
    /// Every tensor in canonical order; `tensors[i].index == i`.
    public let tensors: [LlamaTensor]
    /// The flat parameter vector.
    public private(set) var parameters: [Float]

    /// Total number of parameters.
    public var parameterCount: Int { parameters.count }

    /// Loads and shape-checks every tensor `config` requires from `source`.
    ///
    /// - Throws: `LlamaError.missingTensor` if a tensor is absent, `.shapeMismatch` if its
    ///   dimensions or value count disagree with `config`, or whatever `source` throws.
    public init(config: LlamaConfig, source: some LlamaWeightSource) throws {
        let tensors = Self.layout(config)
        var parameters = [Float](repeating: 0, count: tensors.last.map { $0.offset + $0.count } ?? 0)
        for tensor in tensors {
            guard let loaded = try source.tensor(named: tensor.name) else {
                throw LlamaError(.missingTensor, "tensor \(tensor.name) is missing")
            }
            let expected = tensor.rows == 1 ? [tensor.columns] : [tensor.columns, tensor.rows]
            var dimensions = loaded.dimensions
            while dimensions.count > expected.count, dimensions.last == 1 { dimensions.removeLast() }
            guard dimensions == expected else {
                throw LlamaError(.shapeMismatch, "tensor \(tensor.name) has dimensions \(loaded.dimensions), expected \(expected) (ggml order)")
            }
            guard loaded.values.count == tensor.count else {
                throw LlamaError(.shapeMismatch, "tensor \(tensor.name) has \(loaded.values.count) values, expected \(tensor.count)")
            }
            parameters.replaceSubrange(tensor.range, with: loaded.values)
        }
        self.config = config
        self.tensors = tensors
        self.parameters = parameters
    }

    /// The canonical tensor list for `config`, with offsets into the flat vector.
    public static func layout(_ config: LlamaConfig) -> [LlamaTensor] {
        var tensors: [LlamaTensor] = []
        var offset = 0
        func add(_ role: LlamaTensor.Role, layer: Int?, rows: Int, columns: Int) {
            tensors.append(LlamaTensor(
                index: tensors.count, role: role, layer: layer,
                name: role.ggufName(layer: layer ?? 0), rows: rows, columns: columns, offset: offset))
            offset += rows * columns
        }
        let h = config.hiddenSize
        add(.tokenEmbedding, layer: nil, rows: config.vocabularySize, columns: h)
        for layer in 0..<config.layerCount {
            for role in LlamaTensor.Role.blockRoles {
                let (rows, columns) = shape(of: role, config)
                add(role, layer: layer, rows: rows, columns: columns)
            }
        }
        add(.outputNorm, layer: nil, rows: 1, columns: h)
        if !config.tiedEmbeddings {
            add(.output, layer: nil, rows: config.vocabularySize, columns: h)
        }
        return tensors
    }

    /// The tensor playing `role` (in block `layer` for block roles).
    ///
    /// - Precondition: `layer` is a valid block index for block roles, and `.output` is only
    ///   asked for when embeddings are not tied. Both are programming errors, not data errors.
    public func tensor(_ role: LlamaTensor.Role, layer: Int = 0) -> LlamaTensor {
        switch role {
        case .tokenEmbedding: return tensors[0]
        case .outputNorm: return tensors[1 + config.layerCount * LlamaTensor.Role.blockRoles.count]
        case .output:
            precondition(!config.tiedEmbeddings, "a tied model has no separate output tensor")
            return tensors[2 + config.layerCount * LlamaTensor.Role.blockRoles.count]
        default:
            precondition((0..<config.layerCount).contains(layer), "layer \(layer) out of range")
            let position = LlamaTensor.Role.blockRoles.firstIndex(of: role) ?? 0
            return tensors[1 + layer * LlamaTensor.Role.blockRoles.count + position]
        }
    }

    /// The tensor that produces logits: the token embedding when tied, else `output`.
    public var outputHead: LlamaTensor {
        config.tiedEmbeddings ? tensor(.tokenEmbedding) : tensor(.output)
    }

    /// Read access to the flat parameter vector without copying it.
    public func withUnsafeParameters<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try parameters.withUnsafeBufferPointer(body)
    }

    /// Write access to the flat parameter vector (e.g. to apply a committed update). The layout
    /// cannot change through this pointer, only the values.
    public mutating func withUnsafeMutableParameters<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try parameters.withUnsafeMutableBufferPointer { try body($0) }
    }

    private static func shape(of role: LlamaTensor.Role, _ config: LlamaConfig) -> (rows: Int, columns: Int) {
        let h = config.hiddenSize
        switch role {
        case .tokenEmbedding, .output: return (config.vocabularySize, h)
        case .attentionNorm, .feedForwardNorm, .outputNorm: return (1, h)
        case .query, .attentionOutput: return (h, h)
        case .key, .value: return (config.keyValueWidth, h)
        case .gate, .up: return (config.intermediateSize, h)
        case .down: return (h, config.intermediateSize)
        }
    }
}
