import XCTest
@testable import SeedFLModels

/// A stand-in perturbation: element `i` of the flat parameter vector moves by `mu · z(i)` with a
/// cheap deterministic `z`. Tensors not in `roles` (when given) are left alone.
final class ShiftTransform: LlamaWeightTransform {
    let mu: Float
    let roles: Set<LlamaTensor.Role>?
    private(set) var calls: [(tensor: LlamaTensor, rows: LlamaRowSelection)] = []

    init(mu: Float, roles: Set<LlamaTensor.Role>? = nil) {
        self.mu = mu
        self.roles = roles
    }

    static func z(_ index: Int) -> Float { Float(sin(Double(index) * 0.7318)) }

    func shifted(_ value: Float, at index: Int) -> Float { value + mu * Self.z(index) }

    func materialize(
        _ tensor: LlamaTensor, rows: LlamaRowSelection,
        base: UnsafeBufferPointer<Float>, scratch: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        calls.append((tensor, rows))
        if let roles, !roles.contains(tensor.role) { return false }
        let list: [Int] = switch rows {
        case .all: Array(0..<tensor.rows)
        case .rows(let rows): rows
        }
        for (slot, row) in list.enumerated() {
            for column in 0..<tensor.columns {
                let element = row * tensor.columns + column
                scratch[slot * tensor.columns + column] = shifted(base[element], at: tensor.offset + element)
            }
        }
        return true
    }

    /// The same shift written into the parameters themselves.
    func apply(to model: LlamaModel) {
        // Read the layout first: the weights are exclusively borrowed inside `updateParameters`.
        let tensors = model.weights.tensors
        model.updateParameters { parameters in
            for tensor in tensors where roles?.contains(tensor.role) ?? true {
                for index in tensor.range { parameters[index] = shifted(parameters[index], at: index) }
            }
        }
    }
}

final class LlamaWeightTransformTests: XCTestCase {
    let batch = try! LlamaBatch(sequences: [[3, 17, 5, 3, 22], [11, 2, 17]])

    func testTransformedForwardEqualsForwardOfTransformedWeightsBitForBit() throws {
        let tiny = try TinyLlama(seed: 31)
        for roles in [nil, Set([LlamaTensor.Role.key]), Set([.up, .outputNorm]), Set([.tokenEmbedding])] as [Set<LlamaTensor.Role>?] {
            for vocabulary in [LlamaRowSelection.all, .rows([5, 1])] {
                let model = try tiny.model()
                let transform = ShiftTransform(mu: 0.01, roles: roles)
                let request = LlamaOutputRequest(positions: .all, vocabulary: vocabulary, includeHidden: true)
                let before = model.weights.parameters
                let perturbed = try model.forward(batch, request: request, transform: transform)
                XCTAssertEqual(model.weights.parameters, before, "the transform must not write the weights")

                let plain = try model.forward(batch, request: request)
                XCTAssertNotEqual(perturbed.logits, plain.logits, "roles \(String(describing: roles))")

                transform.apply(to: model)
                let reference = try model.forward(batch, request: request)
                XCTAssertEqual(perturbed.logits, reference.logits, "roles \(String(describing: roles)), \(vocabulary)")
                XCTAssertEqual(perturbed.hidden, reference.hidden, "roles \(String(describing: roles))")
            }
        }
    }

    func testTransformSeesEveryTensorInOrderWithTheRowsItNeeds() throws {
        let tiny = try TinyLlama(seed: 32)
        let model = try tiny.model()
        let transform = ShiftTransform(mu: 0)
        _ = try model.forward(batch, request: LlamaOutputRequest(vocabulary: .rows([9, 4])), transform: transform)
        let names = transform.calls.map(\.tensor.name)
        // Embedding, every block tensor, final norm, then the (tied) head again.
        XCTAssertEqual(names, ["token_embd.weight"] + model.weights.tensors.dropFirst().map(\.name) + ["token_embd.weight"])
        XCTAssertEqual(transform.calls.first?.rows, .rows([2, 3, 5, 11, 17, 22]))
        XCTAssertEqual(transform.calls.last?.rows, .rows([9, 4]))
        XCTAssertTrue(transform.calls.dropFirst().dropLast().allSatisfy { $0.rows == .all })
    }

    func testDeclinedTransformLeavesResultsUnchanged() throws {
        let model = try TinyLlama(seed: 33).model()
        let declining = ShiftTransform(mu: 1, roles: [])
        XCTAssertEqual(try model.forward(batch, transform: declining).logits, try model.forward(batch).logits)
    }
}
