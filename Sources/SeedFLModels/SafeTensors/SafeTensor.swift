/// A named Float32 tensor as stored in a safetensors file.
public struct SafeTensor: Sendable, Equatable {
    /// The tensor's name, e.g. `model.layers.0.self_attn.q_proj.weight`.
    public var name: String
    /// The shape, outermost first (PyTorch order); `[]` is a scalar.
    public var shape: [Int]
    /// The values, row-major (last dimension contiguous).
    public var values: [Float]

    /// Creates a tensor; ``SafeTensorsWriter`` checks that `values` matches `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// A tensor's name and shape without its values (the writer's streaming form).
public struct SafeTensorDescriptor: Sendable, Hashable {
    /// The tensor's name.
    public var name: String
    /// The shape, outermost first.
    public var shape: [Int]

    /// Creates a descriptor.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    /// Number of values (the product of the shape; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}
