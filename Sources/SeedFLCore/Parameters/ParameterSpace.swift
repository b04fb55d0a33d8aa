/// One named tensor of a model, as the parameter space sees it: a name, a shape and
/// an element count. The storage lives elsewhere; this is the index map.
public struct TensorSpec: Hashable, Sendable, Codable {
    public var name: String
    public var shape: [Int]

    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    /// Number of scalars in the tensor (the product of its shape; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}

/// The flat index space of the *trainable* parameters.
///
/// Tensors are kept in a canonical order (the order given at construction). Each
/// trainable tensor `t` owns the slice `[offset(t), offset(t) + count(t))` of every
/// perturbation vector `z` and of the flat parameter vector. Frozen tensors take no
/// room in that space: they are never perturbed, updated or fingerprinted.
///
/// Which tensors are trainable is part of the space's identity, so two processes that
/// disagree on it cannot silently disagree on what `z[i]` touches.
public struct ParameterSpace: Hashable, Sendable, Codable {
    /// Every tensor of the model, in canonical order.
    public let tensors: [TensorSpec]
    /// Names of the trainable tensors, in canonical order.
    public let trainable: [String]
    /// Offsets of the trainable tensors in the flat space, parallel to `trainable`.
    public let offsets: [Int]
    /// Total number of trainable scalars: the dimension `d` of the ZO problem.
    public let dimension: Int

    public enum Selection: Hashable, Sendable, Codable {
        case all
        case named([String])
    }

    public struct UnknownTensor: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "unknown tensor '\(name)' in the trainable selection" }
    }

    /// Builds the space. Throws `UnknownTensor` when `selection` names a tensor that
    /// is not in `tensors`.
    public init(tensors: [TensorSpec], selection: Selection = .all) throws {
        self.tensors = tensors
        let names: Set<String>
        switch selection {
        case .all:
            names = Set(tensors.map(\.name))
        case .named(let list):
            let known = Set(tensors.map(\.name))
            if let bad = list.first(where: { !known.contains($0) }) { throw UnknownTensor(name: bad) }
            names = Set(list)
        }
        var trainable: [String] = []
        var offsets: [Int] = []
        var offset = 0
        for t in tensors where names.contains(t.name) {
            trainable.append(t.name)
            offsets.append(offset)
            offset += t.count
        }
        self.trainable = trainable
        self.offsets = offsets
        self.dimension = offset
    }

    /// The flat range owned by trainable tensor `name`, or nil if it is frozen or unknown.
    public func range(of name: String) -> Range<Int>? {
        guard let i = trainable.firstIndex(of: name),
              let spec = tensors.first(where: { $0.name == name }) else { return nil }
        return offsets[i]..<(offsets[i] + spec.count)
    }
}
