/// A weight tensor as a file or a test provides it: float values and ggml-order dimensions.
public struct LlamaSourceTensor: Sendable, Equatable {
    /// Dimensions, fastest first (ggml's `ne`): a `rows × columns` matrix is `[columns, rows]`.
    public var dimensions: [Int]
    /// The values, the fastest dimension contiguous.
    public var values: [Float]

    /// Creates a tensor from ggml-order `dimensions` and its `values`.
    public init(dimensions: [Int], values: [Float]) {
        self.dimensions = dimensions
        self.values = values
    }
}

/// Anything that can hand out the dequantised weights of a Llama model by GGUF tensor name
/// (`token_embd.weight`, `blk.0.attn_q.weight`, ...). Q and K rows are expected in llama.cpp's
/// GGUF order, i.e. already permuted for rotary pairs `(2i, 2i+1)`.
public protocol LlamaWeightSource {
    /// The tensor called `name`, or nil if the source has none by that name.
    func tensor(named name: String) throws -> LlamaSourceTensor?
}

/// A weight source backed by a dictionary: for weights built in memory (tests, conversions).
public struct InMemoryWeightSource: LlamaWeightSource, Sendable {
    /// The tensors by GGUF name.
    public var tensors: [String: LlamaSourceTensor]

    /// Creates a source serving `tensors`.
    public init(tensors: [String: LlamaSourceTensor]) {
        self.tensors = tensors
    }

    public func tensor(named name: String) throws -> LlamaSourceTensor? {
        tensors[name]
    }
}
